// fairmq-interop-testdevice against itself: the FairMQ.Protocols tests of PROTOCOL.md 8 with both
// sides in C++. Each test starts the devices with the reference's arguments and the reference's
// configuration file; it passes when the exit codes sum to 0 and the combined stderr holds the
// success string. The ports are fixed by the configuration, so these tests run serially.
#include "ShmHygiene.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

extern char** environ;

namespace interop::test
{
namespace
{

using namespace std::chrono_literals;
using Args = std::vector<std::string>;

// A device process whose stderr goes to a file; killed (SIGKILL) if still running at destruction.
class LoggedProcess
{
  public:
    LoggedProcess(const Args& args, std::string logPath) : log_(std::move(logPath))
    {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::vector<std::string> storage{INTEROP_TESTDEVICE_PATH};
        storage.insert(storage.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& s : storage) {
            argv.push_back(s.data());
        }
        argv.push_back(nullptr);
        const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            throw std::runtime_error("posix_spawn failed: " + std::to_string(rc));
        }
    }

    ~LoggedProcess()
    {
        if (exit_ < 0) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
        std::remove(log_.c_str());
    }

    LoggedProcess(const LoggedProcess&) = delete;
    LoggedProcess& operator=(const LoggedProcess&) = delete;

    // Exit code (128 + signal if killed), or -1 if still running at the deadline.
    int wait(std::chrono::steady_clock::time_point deadline)
    {
        while (exit_ < 0) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            } else if (std::chrono::steady_clock::now() > deadline) {
                return -1;
            } else {
                std::this_thread::sleep_for(10ms);
            }
        }
        return exit_;
    }

    std::string log() const
    {
        std::ifstream in(log_);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

  private:
    std::string log_;
    pid_t pid_ = -1;
    int exit_ = -1;
};

struct Outcome
{
    int exitSum = 0;
    std::string output;  // every device's stderr, one after the other
};

class TestDeviceTest : public ::testing::Test
{
  protected:
    ShmScope shm{uniquePrefix("td")};

    Args device(const std::string& id, const Args& extra = {}) const
    {
        Args a{"--id", id, "--control", "static", "--verbosity", "DEBUG", "--log-color", "false",
               "--mq-config", TESTDEVICE_CONFIG, "--prefix", shm.prefix(), "--segment-size", "64000000"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }

    Outcome run(const std::vector<Args>& devices)
    {
        std::vector<std::unique_ptr<LoggedProcess>> processes;
        for (std::size_t i = 0; i < devices.size(); ++i) {
            processes.push_back(std::make_unique<LoggedProcess>(
                devices[i], "/tmp/" + shm.prefix() + std::to_string(i) + ".log"));
        }
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        Outcome outcome;
        for (auto& p : processes) {
            const int code = p->wait(deadline);
            outcome.exitSum += code < 0 ? 1000 : code;
            outcome.output += p->log();
        }
        return outcome;
    }

    void expectSuccess(const Outcome& o, const std::string& successString) const
    {
        EXPECT_EQ(o.exitSum, 0) << o.output;
        EXPECT_NE(o.output.find(successString), std::string::npos) << o.output;
        // Devices never remove the named mutex (PROTOCOL.md 2.2 step 4); every segment must be gone.
        for (const std::string& entry : shmEntries(shm.prefix())) {
            EXPECT_EQ(entry, "sem." + shm.prefix() + "mutex");
        }
    }
};

class PushPull : public TestDeviceTest, public ::testing::WithParamInterface<std::tuple<std::string, std::string>>
{};

TEST_P(PushPull, SingleEmptyMessage)
{
    const auto& [transport, form] = GetParam();
    const Outcome o = run({device("push_" + transport, {"--empty-message", form}), device("pull_" + transport)});
    expectSuccess(o, "PUSH-PULL test successfull");
}

INSTANTIATE_TEST_SUITE_P(Protocols, PushPull,
                         ::testing::Values(std::make_tuple("zeromq", "frame"), std::make_tuple("shmem", "frame"),
                                           std::make_tuple("shmem", "header")));

class ReqRep : public TestDeviceTest, public ::testing::WithParamInterface<std::tuple<std::string, std::string>>
{};

TEST_P(ReqRep, TwoRequesters)
{
    const auto& [transport, form] = GetParam();
    const Args empty{"--empty-message", form};
    const Outcome o = run({device("rep_" + transport, empty), device("req_1" + transport, empty),
                           device("req_2" + transport, empty)});
    expectSuccess(o, "REQ-REP test successfull");
    EXPECT_NE(o.output.find("Received request 2"), std::string::npos) << o.output;
}

INSTANTIATE_TEST_SUITE_P(Protocols, ReqRep,
                         ::testing::Values(std::make_tuple("zeromq", "frame"), std::make_tuple("shmem", "frame"),
                                           std::make_tuple("shmem", "header")));

TEST_F(TestDeviceTest, PubSubZeroMQ)
{
    const Outcome o = run({device("pub_zeromq"), device("sub_1zeromq"), device("sub_2zeromq")});
    expectSuccess(o, "PUB-SUB test successfull");
}

class Poller : public TestDeviceTest, public ::testing::WithParamInterface<std::tuple<std::string, std::string>>
{};

TEST_P(Poller, BothChannelsArrive)
{
    const auto& [transport, pollType] = GetParam();
    const Outcome o = run({device("pollout_" + transport, {"--empty-message", pollType == "1" ? "header" : "frame"}),
                           device("pollin_" + transport, {"--poll-type", pollType})});
    expectSuccess(o, "POLL test successfull");
}

INSTANTIATE_TEST_SUITE_P(Protocols, Poller,
                         ::testing::Combine(::testing::Values("zeromq", "shmem"), ::testing::Values("0", "1")));

class TransferTimeout : public TestDeviceTest, public ::testing::WithParamInterface<std::string>
{};

TEST_P(TransferTimeout, SendAndReceiveGiveUpWithMinusTwo)
{
    const Outcome o = run({device("transfer_timeout_" + GetParam(), {"--empty-message", "header"})});
    expectSuccess(o, "Transfer timeout test successfull");
}

INSTANTIATE_TEST_SUITE_P(Protocols, TransferTimeout, ::testing::Values("zeromq", "shmem"));

TEST_F(TestDeviceTest, UnknownIdIsRefused)
{
    const Outcome o = run({device("nobody_zeromq")});
    EXPECT_EQ(o.exitSum, 1);
    EXPECT_NE(o.output.find("Don't know id 'nobody_zeromq'"), std::string::npos) << o.output;
}

} // namespace
} // namespace interop::test
