// Turns a failed BOOST_ASSERT into a C++ exception ("[integrity] boost assertion ...") instead of
// abort(), so that an inconsistency Boost detects becomes a Java exception rather than killing the
// JVM. Handles are validated before Boost sees them (ChunkValidator.h), so this should never fire;
// if it does, the segment that raised it is not used any more by this process (ManagedSegment.h),
// since some of Boost's assertions fire after the allocator changed state. Every caller of Boost
// code that can assert catches the exception: none is thrown through noexcept code.
//
// Include this header in exactly one translation unit per binary (the JNI glue, or a test main):
// it defines boost::assertion_failed, which BOOST_ENABLE_ASSERT_HANDLER makes Boost call.
#ifndef FAIRMQ_SHMEM_JNI_ASSERTHANDLER_H
#define FAIRMQ_SHMEM_JNI_ASSERTHANDLER_H

#ifndef BOOST_ENABLE_ASSERT_HANDLER
#error "define BOOST_ENABLE_ASSERT_HANDLER for every translation unit that includes Boost headers"
#endif

#include <fairmq/shmem/jni/Error.h>

#include <boost/assert.hpp>

#include <string>

namespace boost
{

void assertion_failed(char const* expr, char const* function, char const* file, long line)
{
    throw fair::mq::shmem::jni::Error(fair::mq::shmem::jni::ErrorKind::Integrity, "boost assertion", expr,
                                      std::string(function) + " at " + file + ":" + std::to_string(line));
}

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line)
{
    throw fair::mq::shmem::jni::Error(fair::mq::shmem::jni::ErrorKind::Integrity, "boost assertion", expr,
                                      std::string(msg) + " in " + function + " at " + file + ":" + std::to_string(line));
}

} // namespace boost

#endif // FAIRMQ_SHMEM_JNI_ASSERTHANDLER_H
