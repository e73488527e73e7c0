#include "Stop.h"

#include <atomic>
#include <csignal>

namespace interop::device
{

namespace
{

std::atomic<bool> gStop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "used from a signal handler");

extern "C" void onStopSignal(int) { gStop.store(true); }

} // namespace

void installStopHandlers()
{
    struct sigaction action{};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

bool stopRequested() { return gStop.load(); }

} // namespace interop::device
