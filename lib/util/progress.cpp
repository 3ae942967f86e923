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

}  // namespace

Progress::Progress(ProgressSink sink, std::string title, std::uint64_t total, bool delayed)
    : sink_(std::move(sink)), title_(std::move(title)), total_(total) {
    start_ = std::chrono::steady_clock::now();
    next_tick_ = start_ + std::chrono::seconds(1);
    if (delayed) delay_ticks_ = delay_from_environment();
}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t count) {
    if (!sink_) return;
    std::uint64_t seen = count_.load(std::memory_order_relaxed);
    while (seen < count && !count_.compare_exchange_weak(seen, count, std::memory_order_relaxed)) {
    }
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
    if (!sink_) return;
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
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
    std::string eol = done_message.empty() ? std::string("\r") : fmt::format(", {}.\n", done_message);
    // git right-aligns the line end in a field one wider than what the
    // shorter line leaves uncovered.
    std::size_t field = counters.size() < last_length_ ? last_length_ - counters.size() + 1 : 0;
    std::size_t pad = field > eol.size() ? field - eol.size() : 0;
    last_length_ = counters.size();
    sink_(fmt::format("{}: {}{}{}", title_, counters, std::string(pad, ' '), eol));
}

}  // namespace grit
