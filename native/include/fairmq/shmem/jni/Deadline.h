// Absolute deadlines for Boost's timed operations, which take a UTC posix_time::ptime.
#ifndef FAIRMQ_SHMEM_JNI_DEADLINE_H
#define FAIRMQ_SHMEM_JNI_DEADLINE_H

#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <cstdint>

namespace fair::mq::shmem::jni
{

inline boost::posix_time::ptime DeadlineIn(std::int64_t timeoutMs)
{
    return boost::posix_time::microsec_clock::universal_time() + boost::posix_time::milliseconds(timeoutMs);
}

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_DEADLINE_H
