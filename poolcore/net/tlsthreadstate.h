#pragma once

// Frees what OpenSSL keeps for the calling thread (OPENSSL_thread_stop), when Qt's TLS backend
// has loaded it; otherwise does nothing. Call it last on a thread that is about to end.
//
// OpenSSL frees a thread's state from a thread-exit handler, and frees its globals from an
// atexit handler (OPENSSL_cleanup). QThread::wait() returns before the thread's exit handlers
// have run, so a command that ends right after stopping its threads raced the two: a rare
// double free at exit under AddressSanitizer (openssl/openssl#6214, #17469). Freed here, on the
// thread, the exit handler finds nothing left; calling it twice is harmless.
void releaseTlsThreadState();
