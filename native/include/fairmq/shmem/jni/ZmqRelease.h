// The "libzmq is done with this buffer" flag of a message made over user memory without a copy
// (zmq_msg_init_data, PROTOCOL.md 7).
//
// libzmq calls a message's free function from whichever thread drops the last reference to its
// content: the sender's thread (close before send), the receiver's thread (inproc), or one of its
// I/O threads (ipc/tcp, once the bytes are written or the connection is gone). That thread must
// never call into the JVM, so Free only sets this flag; the Java owner of the buffer polls
// Released() and lets the buffer go after it reads true. The flag is the hint passed to libzmq: it
// must outlive the message's content, which is why the Java side deletes it only after Released().
#ifndef FAIRMQ_SHMEM_JNI_ZMQRELEASE_H
#define FAIRMQ_SHMEM_JNI_ZMQRELEASE_H

#include <atomic>

namespace fair::mq::shmem::jni
{

class ZmqRelease
{
  public:
    ZmqRelease() = default;
    ZmqRelease(const ZmqRelease&) = delete;
    ZmqRelease& operator=(const ZmqRelease&) = delete;

    /// The zmq_free_fn: `hint` is a ZmqRelease. The store is its last access to the object.
    static void Free(void* /*data*/, void* hint) noexcept
    {
        static_cast<ZmqRelease*>(hint)->fReleased.store(true, std::memory_order_release);
    }

    /// True once libzmq has dropped the buffer: no thread reads or writes it any more.
    bool Released() const noexcept { return fReleased.load(std::memory_order_acquire); }

  private:
    std::atomic<bool> fReleased{false};
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_ZMQRELEASE_H
