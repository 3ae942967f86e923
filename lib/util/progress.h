#pragma once
// git's progress meter ("Counting objects:  42% (420/1000)\r" … ", done.\n").
// Nothing is drawn before the first update(); finish() draws the last line
// only for a meter that was updated.
// The library reports counts; the command decides whether anything is drawn
// by passing a sink (git: stderr is a terminal or --progress, and not -q) or
// an empty one. Lines are redrawn when the percentage changes, and at most
// once a second otherwise (counters without a total); a shorter line is
// padded with spaces over the previous one, as git does. A delayed meter
// (git's start_delayed_progress) draws nothing before its first two timer
// ticks (GIT_PROGRESS_DELAY overrides; the last line counts as one more
// tick), so quick operations stay silent.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace grit {

using ProgressSink = std::function<void(std::string_view text)>;

class Progress {
public:
    // `total` 0: a counter without percentage ("Counting objects: 1234").
    Progress(ProgressSink sink, std::string title, std::uint64_t total, bool delayed = false);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Sets the count reached; may be called from several threads.
    void update(std::uint64_t count);
    // Adds one to the count (thread-safe).
    void tick() { update(count_.fetch_add(1, std::memory_order_relaxed) + 1); }
    // Draws the final line with ", done." (if the meter was ever shown, for
    // a delayed one). Called by the destructor if not called before.
    void finish() { finish("done"); }
    // The same with another last word (git's stop_progress_msg: "completed
    // with 2 local objects" gives ", completed with 2 local objects.").
    void finish(std::string_view message);
    // Replaces the total (git's progress_set_total), e.g. once it is known.
    void set_total(std::uint64_t total) { total_ = total; }

private:
    void draw(std::uint64_t count, std::string_view done_message);

    ProgressSink sink_;
    std::string title_;
    std::uint64_t total_;
    std::atomic<std::uint64_t> count_{0};
    std::mutex mutex_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point next_tick_;
    int last_percent_ = -1;
    std::size_t last_length_ = 0;
    int delay_ticks_ = 0;  // timer ticks a delayed meter still waits
    bool updated_ = false;
    bool finished_ = false;
};

}  // namespace grit
