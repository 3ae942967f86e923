#include "util/progress.h"

#include <cstdlib>

#include <fmt/format.h>

namespace grit {
namespace {

int delay_from_environment() {
    const char* v = std::getenv("GIT_PROGRESS_DELAY");
    if (!v || !*v) return 2;
    return static_cast<int>(std::strtol(v, nullptr, 10));
}

// git's strbuf_humanise_bytes / strbuf_humanise_rate.
std::string humanise(std::uint64_t bytes, bool rate) {
    const char* per = rate ? "/s" : "";
    if (bytes > (1u << 30))
        return fmt::format("{}.{:02} GiB{}", bytes >> 30, static_cast<unsigned>(bytes & ((1u << 30) - 1)) / 10737419u,
                           per);
    if (bytes > (1u << 20)) {
        std::uint64_t x = bytes + 5243;
        return fmt::format("{}.{:02} MiB{}", x >> 20, ((x & ((1u << 20) - 1)) * 100) >> 20, per);
    }
    if (bytes > (1u << 10)) {
        std::uint64_t x = bytes + 5;
        return fmt::format("{}.{:02} KiB{}", x >> 10, ((x & ((1u << 10) - 1)) * 100) >> 10, per);
    }
    return fmt::format("{} {}{}", bytes, bytes == 1 ? "byte" : "bytes", per);
}

}  // namespace

void Progress::throughput(std::uint64_t total_bytes) {
    if (!sink_) return;
    if (!has_throughput_.load(std::memory_order_relaxed)) {
        std::lock_guard lock(mutex_);
        if (!has_throughput_) {
            throughput_start_ = std::chrono::steady_clock::now();
            has_throughput_ = true;
        }
    }
    bytes_.store(total_bytes, std::memory_order_relaxed);
}

Progress::Progress(ProgressSink sink, std::string title, std::uint64_t total, bool delayed)
    : sink_(std::move(sink)), title_(std::move(title)), total_(total) {
    start_ = std::chrono::steady_clock::now();
    next_tick_ = start_ + std::chrono::seconds(1);
    if (delayed) delay_ticks_ = delay_from_environment();
}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t count) {
    std::uint64_t seen = count_.load(std::memory_order_relaxed);
    while (seen < count && !count_.compare_exchange_weak(seen, count, std::memory_order_relaxed)) {
    }
    if (!sink_) return;
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock() || finished_) return;  // another thread is drawing
    updated_ = true;
    auto now = std::chrono::steady_clock::now();
    bool timer = now >= next_tick_;
    if (timer) next_tick_ = now + std::chrono::seconds(1);
    // A delayed meter counts down its seconds on timer ticks, then draws.
    if (delay_ticks_ > 0 && (!timer || --delay_ticks_ > 0)) return;
    bool percent_changed =
        total_ && static_cast<int>(count_.load(std::memory_order_relaxed) * 100 / total_) != last_percent_;
    if (timer || percent_changed) draw(count_.load(std::memory_order_relaxed), {});
}

void Progress::finish(std::string_view message) {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    if (trace::enabled())
        trace::message("progress", fmt::format("{}: {}", title_, count_.load(std::memory_order_relaxed)));
    trace_.end();
    if (!sink_) return;
    // git forces a last line only for a meter that was updated, counting it
    // as one more tick of a delayed meter's countdown.
    if (!updated_ || (delay_ticks_ > 0 && --delay_ticks_ > 0)) return;
    draw(count_.load(std::memory_order_relaxed), message);
}

void Progress::draw(std::uint64_t count, std::string_view done_message) {
    std::string counters;
    if (total_) {
        last_percent_ = static_cast<int>(count * 100 / total_);
        counters = fmt::format("{:3}% ({}/{})", last_percent_, count, total_);
    } else {
        counters = fmt::format("{}", count);
    }
    const bool done = !done_message.empty();
    if (done && has_throughput_) {
        // git's rate: bytes per 1/1024 s, shown per second.
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                       throughput_start_)
                      .count();
        std::uint64_t misecs = (static_cast<std::uint64_t>(ns) * 4398) >> 32;
        std::uint64_t bytes = bytes_.load(std::memory_order_relaxed);
        std::uint64_t rate = bytes / (misecs ? misecs : 1);
        counters += ", " + humanise(bytes, false) + " | " + humanise(rate * 1024, true);
    }
    std::string eol = done ? fmt::format(", {}.\n", done_message) : std::string("\r");
    // git right-aligns the line end in a field one wider than what the
    // shorter line leaves uncovered.
    std::size_t field = counters.size() < last_length_ ? last_length_ - counters.size() + 1 : 0;
    std::size_t pad = field > eol.size() ? field - eol.size() : 0;
    last_length_ = counters.size();
    sink_(fmt::format("{}: {}{}{}", title_, counters, std::string(pad, ' '), eol));
}

}  // namespace grit
