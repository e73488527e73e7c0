// queue-*: Boost message queues such as the control queue (PROTOCOL.md 1.1, 2.3, 5.4).
#include "Dispatcher.h"

#include "interop/Deadline.h"
#include "interop/Numbers.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

namespace interop::peer
{

namespace bipc = boost::interprocess;
using Queue = bipc::message_queue;

void addQueueCommands(Dispatcher& d)
{
    d.add("queue-open-or-create", {"<name> <maxmsgs> <msgsize>", 3, 3, [](Registry& r, const Args& a) {
        const auto maxMsgs = parseU64(a[1], "maxmsgs");
        const auto msgSize = parseU64(a[2], "msgsize");
        r.queues.put(a[0], std::make_unique<Queue>(bipc::open_or_create, a[0].c_str(), maxMsgs, msgSize));
        return std::string();
    }});
    d.add("queue-open", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        r.queues.put(a[0], std::make_unique<Queue>(bipc::open_only, a[0].c_str()));
        return std::string();
    }});
    d.add("queue-send", {"<name> <byte> <timeout_ms>", 3, 3, [](Registry& r, const Args& a) {
        auto& queue = r.queues.get(a[0]);
        const auto value = parseU64(a[1], "byte");
        if (value > 255) {
            throw std::invalid_argument("byte " + a[1] + " is not in 0..255");
        }
        const auto timeoutMs = parseU64(a[2], "timeout_ms");
        const auto byte = static_cast<std::uint8_t>(value);
        if (!queue.timed_send(&byte, 1, 0, deadlineInMs(timeoutMs))) {
            throw std::runtime_error("timed out");
        }
        return std::string();
    }});
    d.add("queue-receive", {"<name> <timeout_ms>", 2, 2, [](Registry& r, const Args& a) {
        auto& queue = r.queues.get(a[0]);
        const auto timeoutMs = parseU64(a[1], "timeout_ms");
        std::vector<std::uint8_t> buffer(queue.get_max_msg_size());
        Queue::size_type received = 0;
        unsigned int priority = 0;
        if (!queue.timed_receive(buffer.data(), buffer.size(), received, priority, deadlineInMs(timeoutMs))) {
            throw std::runtime_error("timed out");
        }
        if (received == 0) {
            throw std::runtime_error("received an empty message");
        }
        return reply(static_cast<unsigned int>(buffer[0]));
    }});
    d.add("queue-count", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        return reply(r.queues.get(a[0]).get_num_msg());
    }});
    d.add("queue-remove", {"<name>", 1, 1, [](Registry&, const Args& a) {
        return reply(Queue::remove(a[0].c_str()) ? 1 : 0);
    }});
    d.add("queue-close", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        r.queues.close(a[0]);
        return std::string();
    }});
}

} // namespace interop::peer
