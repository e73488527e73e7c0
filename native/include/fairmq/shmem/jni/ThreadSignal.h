// Test support: interrupts one thread's blocking system call the way the JVM's own signals do.
//
// In a JVM, signals that mean nothing to the application reach threads blocked in libzmq: JFR's
// and profilers' samplers suspend threads with a signal, and a poll() inside zmq_recv/zmq_send then
// fails with EINTR. The transports retry such a call (README "Deliberate differences"); the tests
// prove it by sending SIGURG, with a handler that does nothing and no SA_RESTART, to the thread
// that waits in libzmq. SIGURG is not used by HotSpot and ignored by default, so the handler
// changes nothing for anyone else.
#ifndef FAIRMQ_SHMEM_JNI_THREADSIGNAL_H
#define FAIRMQ_SHMEM_JNI_THREADSIGNAL_H

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>

namespace fair::mq::shmem::jni
{

/// The calling thread's kernel thread id.
inline std::int64_t CurrentThreadId() noexcept { return static_cast<std::int64_t>(::syscall(SYS_gettid)); }

/// Sends SIGURG to thread `threadId` of this process, after installing (once) a handler that does
/// nothing, without SA_RESTART, so that a blocking call in that thread returns EINTR. 0 or errno.
inline int InterruptThread(std::int64_t threadId) noexcept
{
    static const int installed = [] {
        struct sigaction action {};
        action.sa_handler = [](int) {};
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0; // no SA_RESTART
        return ::sigaction(SIGURG, &action, nullptr) == 0 ? 0 : errno;
    }();
    if (installed != 0) {
        return installed;
    }
    return ::syscall(SYS_tgkill, ::getpid(), static_cast<pid_t>(threadId), SIGURG) == 0 ? 0 : errno;
}

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_THREADSIGNAL_H
