/*
 * CloudOrchestra's JACK client shim, preloaded (LD_PRELOAD) by the agent into a synth that cannot be told its JACK
 * client name or to leave its ports unconnected (ChucK 1.4 always opens "ChucK" and connects to the system ports).
 * The agent builds it on the machine, with the machine's own C compiler, the first time a block needs it.
 *
 *   ORCHESTRA_JACK_CLIENT=NAME   every JACK client the program opens is named NAME (the block's name);
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
typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

/* jack_options_t: the options that each take one more (string) argument, in the order they are passed. */
enum { JackServerName = 0x04, JackLoadName = 0x08, JackLoadInit = 0x10, JackSessionID = 0x20 };

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
    const char *wanted = getenv("ORCHESTRA_JACK_CLIENT");
    if (wanted && *wanted) name = wanted;
    /* The real function reads only the arguments its options announce, in order; the rest are ignored. */
    return real(name, options, status, more[0], more[1], more[2], more[3]);
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
