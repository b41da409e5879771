/*
 * CloudOrchestra's JACK client shim, preloaded (LD_PRELOAD) by the agent into a synth that cannot be told its JACK
 * client name or to leave its ports unconnected (ChucK 1.4 always opens "ChucK" and connects to the system ports).
 * The agent builds it on the machine, with the machine's own C compiler, the first time a block needs it.
 *
 *   ORCHESTRA_JACK_CLIENT=NAME   the JACK client the program opens is named NAME (the block's name), but for RtAudio's
 *                                probes (below), which keep theirs;
 *   jack_connect                 does nothing: the orchestra is wired afterwards, exactly as planned;
 *   ORCHESTRA_TCP_LOOPBACK=1     a TCP socket the program binds to every address is bound to loopback only
 *                                (ChucK's on-the-fly server takes code from whoever connects to it).
 *
 * It needs no JACK headers: a client is an opaque pointer, and the options' values are JACK's stable ABI.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef struct _jack_client jack_client_t;
typedef jack_client_t *(*client_open_fn)(const char *, int, int *, ...);
typedef int (*client_close_fn)(jack_client_t *);
typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

/* jack_options_t: the options that each take one more (string) argument, in the order they are passed. */
enum { JackServerName = 0x04, JackLoadName = 0x08, JackLoadInit = 0x10, JackSessionID = 0x20 };

/*
 * RtAudio (ChucK's audio layer) opens and closes a client four times to probe the server ("RtApiJackCount",
 * "RtApiJackInfo") before it opens its own. In jack2 1.9.21 a close can hang for ever: it cancels the client's
 * notification thread, and when a notification is arriving at that moment (another client coming or going, as on a
 * machine whose synths all start at once) the thread dies holding a mutex the close then waits on (jack2 PR #889).
 * So every probe gets one client, opened under its own name and never closed: it goes when the program does.
 */
static jack_client_t *probe_client;

static int probe(const char *name)
{
    return name && (strcmp(name, "RtApiJackCount") == 0 || strcmp(name, "RtApiJackInfo") == 0);
}

jack_client_t *jack_client_open(const char *name, int options, int *status, ...)
{
    static client_open_fn real;
    if (!real) real = (client_open_fn)dlsym(RTLD_NEXT, "jack_client_open");
    if (!real) return NULL;
    const char *more[4] = {NULL, NULL, NULL, NULL};
    int count = 0;
    va_list args;
    va_start(args, status);
    if (options & JackServerName) more[count++] = va_arg(args, const char *);
    if (options & JackLoadName) more[count++] = va_arg(args, const char *);
    if (options & JackLoadInit) more[count++] = va_arg(args, const char *);
    if (options & JackSessionID) more[count++] = va_arg(args, const char *);
    va_end(args);
    int probing = probe(name);
    if (probing && probe_client) {
        if (status) *status = 0;
        return probe_client;
    }
    const char *wanted = getenv("ORCHESTRA_JACK_CLIENT");
    if (wanted && *wanted && !probing) name = wanted;
    /* The real function reads only the arguments its options announce, in order; the rest are ignored. */
    jack_client_t *client = real(name, options, status, more[0], more[1], more[2], more[3]);
    if (probing) probe_client = client;
    return client;
}

int jack_client_close(jack_client_t *client)
{
    static client_close_fn real;
    if (client && client == probe_client) return 0;
    if (!real) real = (client_close_fn)dlsym(RTLD_NEXT, "jack_client_close");
    return real ? real(client) : -1;
}

int jack_connect(jack_client_t *client, const char *source, const char *destination)
{
    (void)client; (void)source; (void)destination;
    return 0;
}

int bind(int socket, const struct sockaddr *address, socklen_t length)
{
    static bind_fn real;
    if (!real) real = (bind_fn)dlsym(RTLD_NEXT, "bind");
    const char *loopback = getenv("ORCHESTRA_TCP_LOOPBACK");
    int type = 0;
    socklen_t size = sizeof type;
    if (loopback && strcmp(loopback, "1") == 0 && address && address->sa_family == AF_INET && length >= sizeof(struct sockaddr_in)
        && getsockopt(socket, SOL_SOCKET, SO_TYPE, &type, &size) == 0 && type == SOCK_STREAM)
    {
        struct sockaddr_in local;
        memcpy(&local, address, sizeof local);
        if (local.sin_addr.s_addr == htonl(INADDR_ANY))
        {
            local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return real(socket, (const struct sockaddr *)&local, sizeof local);
        }
    }
    return real(socket, address, length);
}
