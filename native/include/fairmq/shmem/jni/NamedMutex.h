// A boost::interprocess::named_mutex (on Linux a POSIX named semaphore, /dev/shm/sem.<name>; not
// robust: a process that dies holding it leaves it locked, PROTOCOL.md 2.4).
#ifndef FAIRMQ_SHMEM_JNI_NAMEDMUTEX_H
#define FAIRMQ_SHMEM_JNI_NAMEDMUTEX_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/Deadline.h>
#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/OpenMode.h>

#include <boost/interprocess/sync/named_mutex.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace fair::mq::shmem::jni
{

namespace bipc = boost::interprocess;

class NamedMutex
{
  public:
    NamedMutex(int mode, const std::string& name)
        : fName(name)
        , fMutex(Open(ToOpenMode(mode, name), name))
    {}

    NamedMutex(const NamedMutex&) = delete;
    NamedMutex& operator=(const NamedMutex&) = delete;

    /// Blocks without limit and cannot be interrupted from Java: prefer TimedLock in loops.
    void Lock()
    {
        try {
            fMutex->lock();
        } catch (...) {
            RethrowAs("named_mutex lock", fName);
        }
    }

    bool TryLock()
    {
        try {
            return fMutex->try_lock();
        } catch (...) {
            RethrowAs("named_mutex try_lock", fName);
        }
    }

    bool TimedLock(std::int64_t timeoutMs)
    {
        try {
            return fMutex->timed_lock(DeadlineIn(timeoutMs));
        } catch (...) {
            RethrowAs("named_mutex timed_lock", fName);
        }
    }

    void Unlock()
    {
        try {
            fMutex->unlock();
        } catch (...) {
            RethrowAs("named_mutex unlock", fName);
        }
    }

    static bool Remove(const std::string& name) { return bipc::named_mutex::remove(name.c_str()); }

  private:
    static std::unique_ptr<bipc::named_mutex> Open(OpenMode mode, const std::string& name)
    {
        try {
            switch (mode) {
                case OpenMode::CreateOnly: return std::make_unique<bipc::named_mutex>(bipc::create_only, name.c_str());
                case OpenMode::OpenOnly: return std::make_unique<bipc::named_mutex>(bipc::open_only, name.c_str());
                case OpenMode::OpenOrCreate: break;
            }
            return std::make_unique<bipc::named_mutex>(bipc::open_or_create, name.c_str());
        } catch (...) {
            RethrowAs(std::string("named_mutex ") + ToString(mode), name);
        }
    }

    std::string fName;
    std::unique_ptr<bipc::named_mutex> fMutex;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_NAMEDMUTEX_H
