namespace CloudOrchestra.Osc;

/// <summary>
/// One argument of an OSC message, by its type tag (OSC 1.0, and 1.1's common additions). Each record is one tag;
/// <see cref="Tag"/> is the character the message's type string carries for it.
/// </summary>
public abstract record OscValue
{
    public abstract char Tag { get; }

    /// <summary>i: a 32-bit integer.</summary>
    public sealed record Int32(int Value) : OscValue { public override char Tag => 'i'; }

    /// <summary>f: a 32-bit float.</summary>
    public sealed record Float32(float Value) : OscValue { public override char Tag => 'f'; }

    /// <summary>s: a string (UTF-8 here; OSC says ASCII, and every program we meet sends UTF-8).</summary>
    public sealed record Text(string Value) : OscValue { public override char Tag => 's'; }

    /// <summary>S: a symbol, a string by another tag.</summary>
    public sealed record Symbol(string Value) : OscValue { public override char Tag => 'S'; }

    /// <summary>b: a blob of bytes.</summary>
    public sealed record Blob(byte[] Value) : OscValue
    {
        public override char Tag => 'b';

        public bool Equals(Blob? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value);

        public override int GetHashCode() => Value.Length;
    }

    /// <summary>h: a 64-bit integer.</summary>
    public sealed record Int64(long Value) : OscValue { public override char Tag => 'h'; }

    /// <summary>d: a 64-bit float.</summary>
    public sealed record Float64(double Value) : OscValue { public override char Tag => 'd'; }

    /// <summary>t: a time tag.</summary>
    public sealed record Time(OscTimeTag Value) : OscValue { public override char Tag => 't'; }

    /// <summary>c: a character, sent as 32 bits.</summary>
    public sealed record Character(char Value) : OscValue { public override char Tag => 'c'; }

    /// <summary>m: a MIDI message, four bytes (port, status, data 1, data 2).</summary>
    public sealed record Midi(uint Value) : OscValue { public override char Tag => 'm'; }

    /// <summary>r: a colour, four bytes (red, green, blue, alpha).</summary>
    public sealed record Color(uint Value) : OscValue { public override char Tag => 'r'; }

    /// <summary>T and F: true and false, which take no bytes.</summary>
    public sealed record Boolean(bool Value) : OscValue { public override char Tag => Value ? 'T' : 'F'; }

    /// <summary>N: nil.</summary>
    public sealed record Nil : OscValue { public override char Tag => 'N'; }

    /// <summary>I: impulse ("bang"), 1.1's infinitum.</summary>
    public sealed record Impulse : OscValue { public override char Tag => 'I'; }
}
