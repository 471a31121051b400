#include "tlsthreadstate.h"

#include <dlfcn.h>

void releaseTlsThreadState()
{
    // Qt loads libcrypto itself, privately (RTLD_LOCAL): it is found by name, never loaded here.
    void *crypto = ::dlopen("libcrypto.so.3", RTLD_NOW | RTLD_NOLOAD);
    if (!crypto)
        return;
    using ThreadStop = void (*)();
    if (auto stop = reinterpret_cast<ThreadStop>(::dlsym(crypto, "OPENSSL_thread_stop")))
        stop();
    ::dlclose(crypto);
}
