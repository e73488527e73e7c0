// Compiled without jni/LockTimeout.h (as the C++ peers are): the layout facts of jni/BoostLayout.h
// hold without Boost's lock timeout too, so it changes no shared layout.
#if defined(BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING) || defined(FAIRMQ_SHMEM_JNI_LOCKTIMEOUT_H)
#error "this translation unit must be compiled without the lock timeout"
#endif

#include <fairmq/shmem/jni/BoostLayout.h>

#ifdef BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING
#error "BoostLayout.h must not enable the lock timeout"
#endif
