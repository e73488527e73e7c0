// The device heartbeat thread of PROTOCOL.md 2.3.
#ifndef INTEROP_DEVICE_HEARTBEAT_H
#define INTEROP_DEVICE_HEARTBEAT_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace interop::device
{

class Heartbeat
{
  public:
    explicit Heartbeat(std::string queueName);  // starts the thread
    ~Heartbeat();                               // stop()
    Heartbeat(const Heartbeat&) = delete;
    Heartbeat& operator=(const Heartbeat&) = delete;

    // Ends the loop and joins the thread. Idempotent.
    void stop();
    std::uint64_t sent() const { return sent_.load(); }

  private:
    void run();
    // Sleeps for `period` unless stop() is called; returns false when stopping.
    template <typename Duration>
    bool pause(Duration period);

    std::string queueName_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> sent_{0};
    std::thread thread_;
};

} // namespace interop::device

#endif // INTEROP_DEVICE_HEARTBEAT_H
