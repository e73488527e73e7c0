// Command line of fairmq-interop-testdevice: the options the reference's test helper is started
// with (PROTOCOL.md 8) plus the shared-memory names and size (see interop-tests/README.md).
#ifndef INTEROP_TESTDEVICE_OPTIONS_H
#define INTEROP_TESTDEVICE_OPTIONS_H

#include <cstddef>
#include <stdexcept>
#include <string>

namespace interop::testdevice
{

enum class EmptyForm { Frame, Header };

struct Options
{
    std::string id;
    std::string control = "interactive";
    std::string verbosity = "DEBUG";
    bool logColor = true;
    std::string mqConfig;
    int pollType = 0;
    std::string prefix = "fairmq_shmem_";
    std::string segmentName;            // default <prefix>main
    std::size_t segmentSize = 2'000'000'000;
    EmptyForm emptyForm = EmptyForm::Frame;
    bool help = false;
};

class UsageError : public std::invalid_argument
{
    using std::invalid_argument::invalid_argument;
};

// "--key value" or "--key=value". Unknown options are tolerated (as Boost.Program_options does for
// device executables): a following word that does not start with "-" is taken as their value.
Options parseOptions(int argc, const char* const* argv);

std::string usage();

} // namespace interop::testdevice

#endif // INTEROP_TESTDEVICE_OPTIONS_H
