/*
 * CloudOrchestra's JACK helper: one JACK client that answers all of an agent's questions to the machine's JACK
 * server, for as long as that agent runs, where JACK's own tools (jack_lsp, jack_connect, jack_evmon) are a client
 * each. Every client that comes and goes costs jackd a copy of its whole graph (tens of megabytes, whatever the
 * number of ports) and the client as much again to map it: about 15 ms of CPU time, and `up` asked about ten
 * questions per machine. The agent builds it with the machine's C compiler; where there is none it uses JACK's tools.
 *
 * Requests, one per line on its input, fields separated by tabs (port names may hold spaces):
 *   ports                     a line "p<TAB>PORT" per port
 *   connections               a line "c<TAB>OUT<TAB>IN" per connection
 *   connect<TAB>OUT<TAB>IN    (already connected is fine)
 *   disconnect<TAB>OUT<TAB>IN
 *   wait<TAB>MS               "event" if a port was registered since the last wait or is within MS; else "timeout"
 * Each is answered by its lines, then "ok" or "error<TAB>WHY". At start it opens its client and says "ready", or
 * "error<TAB>WHY" and exits. It closes the client and exits at the end of its input or on TERM; it exits at once
 * when the server goes.
 *
 * It needs no JACK headers: it loads libjack.so.0 and declares the few functions it calls (JACK's stable C ABI).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct _jack_client jack_client_t;
typedef struct _jack_port jack_port_t;
enum { JackNoStartServer = 0x01, JackPortIsOutput = 0x2 };

static struct {
    jack_client_t *(*client_open)(const char *, int, int *, ...);
    int (*client_close)(jack_client_t *);
    int (*activate)(jack_client_t *);
    const char **(*get_ports)(jack_client_t *, const char *, const char *, unsigned long);
    jack_port_t *(*port_by_name)(jack_client_t *, const char *);
    const char **(*port_get_all_connections)(const jack_client_t *, const jack_port_t *);
    int (*connect)(jack_client_t *, const char *, const char *);
    int (*disconnect)(jack_client_t *, const char *, const char *);
    void (*free)(void *);
    int (*set_port_registration_callback)(jack_client_t *, void (*)(unsigned, int, void *), void *);
    void (*on_shutdown)(jack_client_t *, void (*)(void *), void *);
} jack;

static int events[2];                     /* a byte per port registration */

static void registered(unsigned port, int is_new, void *arg)
{
    (void)port; (void)arg;
    if (is_new) { ssize_t ignored = write(events[1], "r", 1); (void)ignored; }
}

/* The server has gone (stopped): nothing more to answer, and no client to close. */
static void shutdown_(void *arg)
{
    (void)arg;
    _exit(0);
}

/* TERM (the agent's stop, before it stops jackd): ends the read of the next request, so the client is closed. */
static volatile sig_atomic_t stopping;
static void terminated(int signal_) { (void)signal_; stopping = 1; }

static int load(void)
{
    void *lib = dlopen("libjack.so.0", RTLD_NOW);
    if (!lib) return 0;
#define BIND(field, symbol) if (!(*(void **)&jack.field = dlsym(lib, symbol))) return 0
    BIND(client_open, "jack_client_open");
    BIND(client_close, "jack_client_close");
    BIND(activate, "jack_activate");
    BIND(get_ports, "jack_get_ports");
    BIND(port_by_name, "jack_port_by_name");
    BIND(port_get_all_connections, "jack_port_get_all_connections");
    BIND(connect, "jack_connect");
    BIND(disconnect, "jack_disconnect");
    BIND(free, "jack_free");
    BIND(set_port_registration_callback, "jack_set_port_registration_callback");
    BIND(on_shutdown, "jack_on_shutdown");
#undef BIND
    return 1;
}

/* wait MS: drains what came since the last wait; if nothing did, waits up to MS for the next. */
static const char *wait_event(int ms)
{
    char buffer[256];
    int seen = 0;
    for (;;) {
        struct pollfd fd = { .fd = events[0], .events = POLLIN };
        int ready = poll(&fd, 1, seen ? 0 : ms);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        ssize_t got = read(events[0], buffer, sizeof buffer);
        if (got <= 0) break;
        seen = 1;
    }
    return seen ? "event" : "timeout";
}

int main(void)
{
    struct sigaction on_term = { .sa_handler = terminated };      /* no SA_RESTART: the read is cut short */
    sigaction(SIGTERM, &on_term, NULL);
    if (!load()) { printf("error\tcannot load libjack.so.0: %s\n", dlerror()); return 1; }
    if (pipe2(events, O_NONBLOCK | O_CLOEXEC) != 0) { printf("error\tpipe: %s\n", strerror(errno)); return 1; }
    int status = 0;
    jack_client_t *client = jack.client_open("orchestra-agent", JackNoStartServer, &status);
    if (!client) { printf("error\tcannot open a JACK client (status 0x%x): is jackd running?\n", status); return 1; }
    jack.on_shutdown(client, shutdown_, NULL);
    if (jack.set_port_registration_callback(client, registered, NULL) != 0 || jack.activate(client) != 0) {
        printf("error\tcannot activate its JACK client\n");
        jack.client_close(client);
        return 1;
    }
    printf("ready\n");
    fflush(stdout);

    char *line = NULL;
    size_t size = 0;
    ssize_t length;
    while (!stopping && (length = getline(&line, &size, stdin)) > 0) {
        if (line[length - 1] == '\n') line[length - 1] = '\0';
        char *verb = line, *first = strchr(line, '\t'), *second = NULL;
        if (first) { *first++ = '\0'; second = strchr(first, '\t'); }
        if (second) *second++ = '\0';

        if (strcmp(verb, "ports") == 0) {
            const char **ports = jack.get_ports(client, NULL, NULL, 0);
            for (int i = 0; ports && ports[i]; i++) printf("p\t%s\n", ports[i]);
            if (ports) jack.free(ports);
            printf("ok\n");
        } else if (strcmp(verb, "connections") == 0) {
            const char **ports = jack.get_ports(client, NULL, NULL, JackPortIsOutput);
            for (int i = 0; ports && ports[i]; i++) {
                jack_port_t *port = jack.port_by_name(client, ports[i]);
                const char **others = port ? jack.port_get_all_connections(client, port) : NULL;
                for (int j = 0; others && others[j]; j++) printf("c\t%s\t%s\n", ports[i], others[j]);
                if (others) jack.free(others);
            }
            if (ports) jack.free(ports);
            printf("ok\n");
        } else if ((strcmp(verb, "connect") == 0 || strcmp(verb, "disconnect") == 0) && second) {
            int connecting = verb[0] == 'c';
            int result = connecting ? jack.connect(client, first, second) : jack.disconnect(client, first, second);
            if (result == 0 || (connecting && result == EEXIST)) printf("ok\n");
            else printf("error\tcannot %s %s to %s\n", verb, first, second);
        } else if (strcmp(verb, "wait") == 0 && first) {
            printf("%s\nok\n", wait_event(atoi(first)));
        } else {
            printf("error\tunknown request '%s'\n", verb);
        }
        fflush(stdout);
    }
    free(line);
    jack.client_close(client);
    return 0;
}
