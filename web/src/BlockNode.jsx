import { Handle, Position } from '@xyflow/react';

/** A block: its name, module and machine; an input handle per input port (left), an output per output port (right). */
export default function BlockNode({ data, selected }) {
  const ports = (count, type, position) =>
    Array.from({ length: count }, (_, i) => (
      <Handle
        key={`${type}${i + 1}`}
        id={`${type === 'target' ? 'in' : 'out'}${i + 1}`}
        type={type}
        position={position}
        style={{ top: `${((i + 1) * 100) / (count + 1)}%` }}
        data-testid={`${data.name}-${type === 'target' ? 'in' : 'out'}${i + 1}`}
      />
    ));
  return (
    <div className={`block${selected ? ' selected' : ''}${data.machine ? '' : ' unplaced'}`} data-testid={`block-${data.name}`}>
      {ports(data.inputs, 'target', Position.Left)}
      <div className="block-name">{data.name}</div>
      <div className="block-module">{data.module}{data.host ? ` · pinned to ${data.host}` : ''}</div>
      {data.machine && <div className="block-machine">on {data.machine}</div>}
      {ports(data.outputs, 'source', Position.Right)}
    </div>
  );
}
