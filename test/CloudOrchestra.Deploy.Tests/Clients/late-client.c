/*
 * A JACK client that registers its ports some time before it activates, as jack_metro, JackTrip and ChucK do in a
 * shorter window: late-client NAME MILLISECONDS [LIFE]. It registers NAME:out, waits, activates, then runs until killed;
 * or, given LIFE, for LIFE milliseconds, then closes its client and exits 0: its ports are gone before it is, as a synth
 * that ends its performance. (jack_metro killed by a signal closes its client in the signal handler, which can hang it.)
 * Like the agent's helper it loads libjack.so.0 itself, so it builds without JACK's headers.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct _jack_client jack_client_t;
enum { JackNoStartServer = 0x01, JackPortIsOutput = 0x2 };

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) { fprintf(stderr, "usage: late-client NAME MILLISECONDS [LIFE]\n"); return 2; }
    void *lib = dlopen("libjack.so.0", RTLD_NOW);
    if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    jack_client_t *(*client_open)(const char *, int, int *, ...) = (jack_client_t *(*)(const char *, int, int *, ...))dlsym(lib, "jack_client_open");
    void *(*port_register)(jack_client_t *, const char *, const char *, unsigned long, unsigned long) =
        (void *(*)(jack_client_t *, const char *, const char *, unsigned long, unsigned long))dlsym(lib, "jack_port_register");
    int (*activate)(jack_client_t *) = (int (*)(jack_client_t *))dlsym(lib, "jack_activate");
    int (*client_close)(jack_client_t *) = (int (*)(jack_client_t *))dlsym(lib, "jack_client_close");
    int status = 0;
    jack_client_t *client = client_open(argv[1], JackNoStartServer, &status);
    if (!client || !port_register(client, "out", "32 bit float mono audio", JackPortIsOutput, 0)) {
        fprintf(stderr, "cannot open %s (status 0x%x)\n", argv[1], status);
        return 1;
    }
    usleep((useconds_t)atoi(argv[2]) * 1000);
    if (activate(client) != 0) { fprintf(stderr, "cannot activate\n"); return 1; }
    printf("active\n");
    fflush(stdout);
    if (argc == 3) for (;;) pause();
    usleep((useconds_t)atoi(argv[3]) * 1000);
    client_close(client);
    printf("closed\n");
    return 0;
}
