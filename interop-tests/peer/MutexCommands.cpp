// mutex-*: Boost named mutexes (POSIX named semaphores on Linux, PROTOCOL.md 1.1).
#include "Dispatcher.h"

#include "interop/Deadline.h"
#include "interop/Numbers.h"

#include <memory>

namespace interop::peer
{

namespace bipc = boost::interprocess;
using Mutex = bipc::named_mutex;

void addMutexCommands(Dispatcher& d)
{
    d.add("mutex-open", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        r.mutexes.put(a[0], std::make_unique<Mutex>(bipc::open_or_create, a[0].c_str()));
        return std::string();
    }});
    d.add("mutex-lock", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        r.mutexes.get(a[0]).lock();
        return std::string();
    }});
    d.add("mutex-trylock", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        return reply(r.mutexes.get(a[0]).try_lock() ? 1 : 0);
    }});
    d.add("mutex-timedlock", {"<name> <ms>", 2, 2, [](Registry& r, const Args& a) {
        auto& mutex = r.mutexes.get(a[0]);
        const auto timeoutMs = parseU64(a[1], "ms");
        return reply(mutex.timed_lock(deadlineInMs(timeoutMs)) ? 1 : 0);
    }});
    d.add("mutex-unlock", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        r.mutexes.get(a[0]).unlock();
        return std::string();
    }});
    d.add("mutex-remove", {"<name>", 1, 1, [](Registry&, const Args& a) {
        return reply(Mutex::remove(a[0].c_str()) ? 1 : 0);
    }});
}

} // namespace interop::peer
