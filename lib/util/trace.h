#pragma once
// GRIT_TRACE: each command's phases with timings, like git's GIT_TRACE2_PERF,
// logged through spdlog. GRIT_TRACE unset, empty, "0" or "false": off, and
// every call below costs one test of a flag. "1", "2" or "true": stderr. An
// absolute path: lines are appended to that file.
//
// A line: "<time> | <event> | <seconds since start> | <seconds in region> |
// <depth dots><category> | <label>", e.g.
//   12:00:01.000123 | region_leave |   0.412 |   0.397 | ..pack | find_deltas
#include <chrono>
#include <string_view>

namespace grit::trace {

bool enabled();
// Reads GRIT_TRACE and logs the command line; once, at the start of main.
void start(int argc, char** argv);
void message(std::string_view category, std::string_view text);
void exit(int code);

// Logs region_enter at construction and region_leave, with the time spent,
// at destruction. Nesting is tracked per thread.
class Region {
public:
    Region(std::string_view category, std::string_view label);
    ~Region();
    Region(const Region&) = delete;
    Region& operator=(const Region&) = delete;

private:
    std::string_view category_, label_;
    std::chrono::steady_clock::time_point start_;
    bool active_;
};

}  // namespace grit::trace
