// Graceful stop on SIGINT/SIGTERM, and the "no progress for too long" limit of blocking loops.
#ifndef INTEROP_DEVICE_STOP_H
#define INTEROP_DEVICE_STOP_H

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace interop::device
{

// Installs handlers that only record the request; loops poll stopRequested().
void installStopHandlers();
bool stopRequested();

// Thrown by Patience::check when a blocking loop must give up.
class GiveUp : public std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class Patience
{
  public:
    explicit Patience(std::uint64_t timeoutMs) : timeout_(timeoutMs) { progress(); }

    void progress() { last_ = std::chrono::steady_clock::now(); }

    // Throws GiveUp if a stop was requested or nothing progressed for the timeout.
    void check(const std::string& waitingFor) const
    {
        if (stopRequested()) {
            throw GiveUp("stopped by signal while waiting to " + waitingFor);
        }
        if (std::chrono::steady_clock::now() - last_ > timeout_) {
            throw GiveUp("no progress for " + std::to_string(timeout_.count()) + " ms while waiting to " + waitingFor);
        }
    }

  private:
    std::chrono::milliseconds timeout_;
    std::chrono::steady_clock::time_point last_;
};

} // namespace interop::device

#endif // INTEROP_DEVICE_STOP_H
