#include "util/trace.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace grit::trace {
namespace {

std::shared_ptr<spdlog::logger> logger;
std::chrono::steady_clock::time_point program_start = std::chrono::steady_clock::now();
thread_local int depth = 0;

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void log_line(std::string_view event, std::string_view elapsed_in_region, std::string_view category,
              std::string_view label) {
    logger->info("| {:<12} | {:9.6f} | {:>9} | {}{} | {}", event, seconds_since(program_start), elapsed_in_region,
                 std::string(static_cast<std::size_t>(depth) * 2, '.'), category, label);
}

std::shared_ptr<spdlog::logger> make_logger(std::string_view setting) {
    if (setting.empty() || setting == "0" || setting == "false") return nullptr;
    std::shared_ptr<spdlog::logger> made;
    std::string path(setting);
    try {
        // spdlog would create missing directories; git only opens the file.
        if (setting.front() == '/') {
            std::FILE* probe = std::fopen(path.c_str(), "a");
            if (!probe) throw spdlog::spdlog_ex(std::strerror(errno));
            std::fclose(probe);
        }
        if (setting.front() == '/')
            made = std::make_shared<spdlog::logger>(
                "grit", std::make_shared<spdlog::sinks::basic_file_sink_mt>(path));
        else
            made = std::make_shared<spdlog::logger>("grit", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    } catch (const spdlog::spdlog_ex& e) {
        // git warns and carries on when its trace target cannot be opened.
        std::fprintf(stderr, "warning: could not open '%.*s' for tracing: %s\n",
                     static_cast<int>(setting.size()), setting.data(), e.what());
        return nullptr;
    }
    made->set_pattern("%H:%M:%S.%f %v");
    made->flush_on(spdlog::level::info);
    return made;
}

}  // namespace

bool enabled() { return logger != nullptr; }

void start(int argc, char** argv) {
    const char* setting = std::getenv("GRIT_TRACE");
    logger = make_logger(setting ? setting : "");
    if (!logger) return;
    std::string line;
    for (int i = 0; i < argc; ++i) {
        if (i) line += ' ';
        line += argv[i];
    }
    log_line("start", "", "main", line);
}

void message(std::string_view category, std::string_view text) {
    if (logger) log_line("data", "", category, text);
}

void exit(int code) {
    if (logger) log_line("exit", "", "main", fmt::format("code:{}", code));
}

Region::Region(std::string_view category, std::string_view label)
    : category_(category), label_(label), active_(logger != nullptr) {
    if (!active_) return;
    start_ = std::chrono::steady_clock::now();
    log_line("region_enter", "", category_, label_);
    ++depth;
}

Region::~Region() {
    if (!active_) return;
    --depth;
    log_line("region_leave", fmt::format("{:9.6f}", seconds_since(start_)), category_, label_);
}

}  // namespace grit::trace
