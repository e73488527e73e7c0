// Turns a failed BOOST_ASSERT into a C++ exception instead of abort(), so that a bad handle handed
// to Boost (for example deallocating a block that is not allocated) becomes a Java exception rather
// than killing the JVM. Boost.Interprocess checks such blocks only through BOOST_ASSERT.
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
    throw fair::mq::shmem::jni::Error(fair::mq::shmem::jni::ErrorKind::BadHandle, "boost assertion", expr,
                                      std::string(function) + " at " + file + ":" + std::to_string(line));
}

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line)
{
    throw fair::mq::shmem::jni::Error(fair::mq::shmem::jni::ErrorKind::BadHandle, "boost assertion", expr,
                                      std::string(msg) + " in " + function + " at " + file + ":" + std::to_string(line));
}

} // namespace boost

#endif // FAIRMQ_SHMEM_JNI_ASSERTHANDLER_H
