/*
 * Preloaded next to libasan when the uninstrumented Debian postgres runs
 * with LD_PRELOAD (tools/sanitize.sh asan).
 *
 * Without it the postmaster hangs before main: libgpg-error's constructor
 * (pulled in through libsystemd and gnutls) calls bindtextdomain, which
 * holds glibc's gettext lock while it mallocs; that first malloc starts
 * ASan, whose start-up looks up swift_demangle with dlsym and reads
 * dlerror(), and the translated error message takes the same lock again.
 * The lock's state is corrupted and the server's own bindtextdomain then
 * waits forever.  With this symbol defined, dlsym succeeds, dlerror has no
 * message to translate, and the lock is never taken twice.
 */
char *swift_demangle(const char *mangled, unsigned long length, char *out,
                     unsigned long *out_length, unsigned int flags);

char *
swift_demangle(const char *mangled, unsigned long length, char *out,
               unsigned long *out_length, unsigned int flags)
{
    return 0;                   /* "not a Swift name": ASan prints it as is */
}
