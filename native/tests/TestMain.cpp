// The one translation unit that defines Boost's assertion handler for the test binary.
#include <fairmq/shmem/jni/AssertHandler.h>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
