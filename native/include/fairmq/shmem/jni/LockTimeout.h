// Bounded locking of the mutexes inside shared memory: the segment's allocator mutex (the
// rbtree_best_fit header's interprocess_mutex), the segment manager's index mutex and a message
// queue's mutex. In the 2017 layout they are plain process-shared pthread mutexes, not robust: a
// peer killed while holding one leaves it locked forever (PROTOCOL.md 1.3, 2.4).
//
// Boost's own switch BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING makes interprocess_mutex::lock()
// and interprocess_recursive_mutex::lock() a timed_lock that throws interprocess_exception
// (timeout_when_locking_error) after BOOST_INTERPROCESS_TIMEOUT_WHEN_LOCKING_DURATION_MS. In Boost
// 1.74 both macros are read in exactly one place, the body of the function template
// ipcdetail::timeout_when_locking_aware_lock (sync/detail/common_algorithms.hpp), which is
// instantiated in the translation unit that locks: ours. No type, member or layout depends on them
// (BoostLayout.h checks the sizes, also in a translation unit compiled without these macros), so
// peers built without them share the very same segment. Because the duration is expanded there,
// it can be an expression: it reads LockTimeoutMs(), which Java sets at run time.
//
// Boost's lock() computes its deadline (microsec_clock::universal_time(), about 70 ns) before it
// even tries the mutex, which doubled the cost of allocate + deallocate. So for the two mutex types
// inside our segments (posix_mutex under interprocess_mutex, posix_recursive_mutex under
// interprocess_recursive_mutex) this header declares explicit specialisations of that function
// template, before interprocess_mutex.hpp uses it: try_lock first, the deadline only when the
// mutex is busy, then the same timed_lock and the same exception as Boost's own code. Any other
// mutex type keeps Boost's generic version, bounded by the same macros.
//
// Include this header before any Boost.Interprocess header in every translation unit of a binary
// (the jni headers do; the native target force-includes it), so that all of them agree (ODR).
#ifndef FAIRMQ_SHMEM_JNI_LOCKTIMEOUT_H
#define FAIRMQ_SHMEM_JNI_LOCKTIMEOUT_H

#if defined(BOOST_INTERPROCESS_TIMEOUT_WHEN_LOCKING_DURATION_MS) || defined(BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING)
#error "include fairmq/shmem/jni/LockTimeout.h before any Boost.Interprocess header (it defines their lock timeout)"
#endif

#include <atomic>
#include <cstdint>
#include <string>

namespace fair::mq::shmem::jni
{

/// Default bound on waiting for a lock inside shared memory (the device option's default).
inline constexpr std::int64_t kDefaultLockTimeoutMs = 5000;

/// The process-wide bound, read on every lock that has to wait; set from Java (ShmOptions).
inline std::atomic<std::int64_t> gLockTimeoutMs{kDefaultLockTimeoutMs};

inline std::int64_t LockTimeoutMs() { return gLockTimeoutMs.load(std::memory_order_relaxed); }

/// Sets the bound (at least 1 ms); returns the previous one.
inline std::int64_t SetLockTimeoutMs(std::int64_t ms) { return gLockTimeoutMs.exchange(ms < 1 ? 1 : ms); }

/// The cause text of a lock timeout: what happened, why, and the remedy.
inline std::string LockTimeoutCause()
{
    return "its lock inside shared memory was not released within " + std::to_string(LockTimeoutMs())
           + " ms: it is held by a process that may be dead (killed while holding it; these locks are not robust);"
             " remove the topology's shared memory with fairmq-shmmonitor --cleanup and restart the devices";
}

} // namespace fair::mq::shmem::jni

#define BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING
#define BOOST_INTERPROCESS_TIMEOUT_WHEN_LOCKING_DURATION_MS (::fair::mq::shmem::jni::LockTimeoutMs())

#include <boost/interprocess/detail/posix_time_types_wrk.hpp>
#include <boost/interprocess/exceptions.hpp>
#include <boost/interprocess/sync/detail/common_algorithms.hpp>
#include <boost/interprocess/sync/posix/mutex.hpp>
#include <boost/interprocess/sync/posix/recursive_mutex.hpp>

#if defined(BOOST_INTERPROCESS_MUTEX_HPP) || defined(BOOST_INTERPROCESS_RECURSIVE_MUTEX_HPP)
#error "interprocess_mutex.hpp was included before the specialisations of LockTimeout.h"
#endif
#if !defined(BOOST_INTERPROCESS_POSIX_PROCESS_SHARED) || !defined(BOOST_INTERPROCESS_POSIX_TIMEOUTS)
#error "LockTimeout.h expects Boost's POSIX process-shared mutexes with pthread_mutex_timedlock"
#endif

namespace fair::mq::shmem::jni
{

/// lock() within LockTimeoutMs(), as Boost's timeout_when_locking_aware_lock but without a clock
/// read when the mutex is free.
template<typename Mutex>
inline void LockWithin(Mutex& mutex)
{
    namespace bipc = boost::interprocess;
    if (mutex.try_lock()) {
        return;
    }
    auto deadline = bipc::microsec_clock::universal_time() + boost::posix_time::milliseconds(LockTimeoutMs());
    if (!mutex.timed_lock(deadline)) {
        throw bipc::interprocess_exception(bipc::timeout_when_locking_error,
                                           "Interprocess mutex timeout when locking. Possible deadlock: "
                                           "owner died without unlocking?");
    }
}

} // namespace fair::mq::shmem::jni

namespace boost::interprocess::ipcdetail
{

template<>
inline void timeout_when_locking_aware_lock<posix_mutex>(posix_mutex& m)
{
    ::fair::mq::shmem::jni::LockWithin(m);
}

template<>
inline void timeout_when_locking_aware_lock<posix_recursive_mutex>(posix_recursive_mutex& m)
{
    ::fair::mq::shmem::jni::LockWithin(m);
}

} // namespace boost::interprocess::ipcdetail

#include <fairmq/shmem/jni/BoostLayout.h>

#endif // FAIRMQ_SHMEM_JNI_LOCKTIMEOUT_H
