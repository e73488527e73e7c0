#include "Heartbeat.h"

#include "interop/Deadline.h"
#include "interop/Protocol.h"

#include <boost/interprocess/ipc/message_queue.hpp>

#include <exception>
#include <iostream>
#include <utility>

namespace interop::device
{

namespace bipc = boost::interprocess;

Heartbeat::Heartbeat(std::string queueName) : queueName_(std::move(queueName)), thread_([this] { run(); }) {}

Heartbeat::~Heartbeat() { stop(); }

void Heartbeat::stop()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

template <typename Duration>
bool Heartbeat::pause(Duration period)
{
    std::unique_lock<std::mutex> lock(mutex_);
    return !wake_.wait_for(lock, period, [this] { return stopping_; });
}

void Heartbeat::run()
{
    const std::uint8_t beat = kHeartbeatByte;
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) {
                return;
            }
        }
        try {
            // Re-opened every time: the monitor may create or remove the queue at any moment.
            bipc::message_queue queue(bipc::open_only, queueName_.c_str());
            if (queue.timed_send(&beat, sizeof beat, 0, deadlineIn(kHeartbeatSendDeadline))) {
                ++sent_;
                if (!pause(kHeartbeatPeriod)) {
                    return;
                }
            }
            // A timeout means a full queue (no monitor draining it): try again at once.
        } catch (const bipc::interprocess_exception&) {
            if (!pause(kHeartbeatBackoff)) {  // no queue: no monitor
                return;
            }
        } catch (const std::exception& e) {
            std::cerr << "heartbeat: " << e.what() << std::endl;
            if (!pause(kHeartbeatBackoff)) {
                return;
            }
        }
    }
}

} // namespace interop::device
