// A boost::interprocess::message_queue (the control queue of PROTOCOL.md 2.3/5.4 is one).
//
// Send and receive are thread-safe (Boost locks inside the queue); timed variants only, because a
// JNI call blocked in Boost cannot be interrupted from Java.
#ifndef FAIRMQ_SHMEM_JNI_MESSAGEQUEUE_H
#define FAIRMQ_SHMEM_JNI_MESSAGEQUEUE_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/Deadline.h>
#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/OpenMode.h>

#include <boost/interprocess/ipc/message_queue.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace fair::mq::shmem::jni
{

namespace bipc = boost::interprocess;

class MessageQueue
{
  public:
    /// maxMessages and maxMessageSize are used only when the queue is created.
    MessageQueue(int mode, const std::string& name, std::size_t maxMessages, std::size_t maxMessageSize)
        : fName(name)
        , fQueue(Open(ToOpenMode(mode, name), name, maxMessages, maxMessageSize))
    {}

    MessageQueue(const MessageQueue&) = delete;
    MessageQueue& operator=(const MessageQueue&) = delete;

    /// True when sent, false when the queue stayed full until the deadline.
    bool TimedSend(std::intptr_t buffer, std::size_t size, unsigned int priority, std::int64_t timeoutMs)
    {
        try {
            return fQueue->timed_send(reinterpret_cast<const void*>(buffer), size, priority, DeadlineIn(timeoutMs));
        } catch (...) {
            RethrowAs("message_queue timed_send", fName);
        }
    }

    /// Size of the received message, or -1 when nothing arrived before the deadline.
    std::int64_t TimedReceive(std::intptr_t buffer, std::size_t capacity, std::int64_t timeoutMs)
    {
        try {
            bipc::message_queue::size_type received = 0;
            unsigned int priority = 0;
            if (!fQueue->timed_receive(reinterpret_cast<void*>(buffer), capacity, received, priority,
                                       DeadlineIn(timeoutMs))) {
                return -1;
            }
            return static_cast<std::int64_t>(received);
        } catch (...) {
            RethrowAs("message_queue timed_receive", fName);
        }
    }

    /// One byte (a heartbeat is a bool `true`, PROTOCOL.md 2.3); false on timeout.
    bool TimedSendByte(int value, std::int64_t timeoutMs)
    {
        unsigned char byte = static_cast<unsigned char>(value);
        return TimedSend(reinterpret_cast<std::intptr_t>(&byte), 1, 0, timeoutMs);
    }

    /// The byte received (0..255), or -1 on timeout. Longer messages are an error.
    int TimedReceiveByte(std::int64_t timeoutMs)
    {
        unsigned char byte = 0;
        std::int64_t size = TimedReceive(reinterpret_cast<std::intptr_t>(&byte), 1, timeoutMs);
        return size < 0 ? -1 : byte;
    }

    std::int64_t NumMessages() const { return static_cast<std::int64_t>(fQueue->get_num_msg()); }
    std::int64_t MaxMessages() const { return static_cast<std::int64_t>(fQueue->get_max_msg()); }
    std::int64_t MaxMessageSize() const { return static_cast<std::int64_t>(fQueue->get_max_msg_size()); }

    static bool Remove(const std::string& name) { return bipc::message_queue::remove(name.c_str()); }

  private:
    using message_queue = bipc::message_queue;

    static std::unique_ptr<message_queue> Open(OpenMode mode, const std::string& name, std::size_t maxMessages,
                                               std::size_t maxMessageSize)
    {
        try {
            switch (mode) {
                case OpenMode::CreateOnly:
                    return std::make_unique<message_queue>(bipc::create_only, name.c_str(), maxMessages, maxMessageSize);
                case OpenMode::OpenOnly: return std::make_unique<message_queue>(bipc::open_only, name.c_str());
                case OpenMode::OpenOrCreate: break;
            }
            return std::make_unique<message_queue>(bipc::open_or_create, name.c_str(), maxMessages, maxMessageSize);
        } catch (...) {
            RethrowAs(std::string("message_queue ") + ToString(mode), name);
        }
    }

    std::string fName;
    std::unique_ptr<message_queue> fQueue;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_MESSAGEQUEUE_H
