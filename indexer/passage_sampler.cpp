// SPDX-License-Identifier: MIT
/// @file passage_sampler.cpp  Samples for the compression dictionary, spread along each file.
#include "passage_sampler.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

#include "ordered_pool.hpp"
#include "passage_splitter.hpp"

namespace tilde {
namespace {

constexpr size_t kSampleFiles = 64;

// A JSON Lines sample, with the line it came from.
struct Sample {
    std::uint64_t line;
    std::string text;
};

// Keeps one line in `stride` (line 1, 1 + stride, ...), doubling the stride whenever the
// samples outgrow `budget`, so that whatever the file's length they end up spread over all of
// it and within the budget: systematic sampling without knowing the length first.
class SpreadSamples {
  public:
    explicit SpreadSamples(std::uint64_t budget) : budget_(budget) {}

    [[nodiscard]] bool wants(std::uint64_t line) const { return (line - 1) % stride_ == 0; }

    void add(std::uint64_t line, std::string text) {
        bytes_ += text.size();
        samples_.push_back({line, std::move(text)});
        // A doubling may drop every sample when lines without a document leave gaps; an
        // emptied list has no bytes, so the loop ends before reading it.
        while (bytes_ > budget_ && samples_.front().line != samples_.back().line) {
            stride_ *= 2;
            std::erase_if(samples_, [&](const Sample& s) { return !wants(s.line); });
            bytes_ = 0;
            for (const Sample& s : samples_) {
                bytes_ += s.text.size();
            }
        }
    }

    std::vector<Sample>& samples() { return samples_; }

  private:
    std::uint64_t budget_;
    std::uint64_t stride_ = 1;
    std::uint64_t bytes_ = 0;
    std::vector<Sample> samples_;
};

// Samples of one file: up to `per_file` bytes, at most `per_document` from each document.
std::vector<std::string> sample_file(const CorpusFile& file, std::uint64_t per_file,
                                     std::uint64_t per_document, std::uint64_t part_bytes,
                                     std::uint64_t max_whole_bytes) {
    struct Enough {};  // thrown to stop reading a file early
    PassageSplitter splitter;
    std::vector<std::string> out;
    SpreadSamples kept(per_file);
    std::uint64_t line = 0;
    std::uint64_t taken = 0;
    auto take = [&](const Document& document) {
        // Only JSON Lines announce their lines, so only there can samples spread along the
        // file without parsing all of it; other files give their first passages.
        const bool spread = line > 0;
        std::uint64_t from_document = 0;
        for (const PassageSpan& span : splitter.split(document.text)) {
            if (from_document >= per_document) {
                break;
            }
            std::string text = document.text.substr(span.begin, span.end - span.begin);
            from_document += text.size();
            if (spread) {
                kept.add(line, std::move(text));
            } else {
                taken += text.size();
                out.push_back(std::move(text));
            }
        }
        if (!spread && taken >= per_file) {
            throw Enough{};
        }
    };
    CorpusCallbacks callbacks;  // no warnings: the real read reports them
    callbacks.part_bytes = part_bytes;
    callbacks.max_whole_bytes = max_whole_bytes;
    callbacks.read_line = [&](std::uint64_t number) {
        line = number;
        return kept.wants(number);
    };
    callbacks.on_document = [&](Document&& document, std::uint64_t) { take(document); };
    callbacks.on_document_part = [&](Document&& part, bool, std::uint64_t) { take(part); };
    CorpusStats ignored;
    try {
        read_corpus_file(file, callbacks, ignored);
    } catch (const Enough&) {
    }
    for (Sample& sample : kept.samples()) {
        out.push_back(std::move(sample.text));
    }
    return out;
}

}  // namespace

std::vector<std::string> sample_passages(const std::vector<CorpusFile>& files,
                                         std::uint64_t sample_bytes, std::uint64_t part_bytes,
                                         std::uint64_t max_whole_bytes, unsigned threads) {
    if (files.empty()) {
        return {};
    }
    const size_t step = std::max<size_t>(1, files.size() / kSampleFiles);
    const std::uint64_t per_file =
        std::max<std::uint64_t>(16u << 10, sample_bytes / std::min(files.size(), kSampleFiles));
    // One document gives at most a quarter of its file's share: a sample is many documents.
    const std::uint64_t per_document = std::max<std::uint64_t>(1, per_file / 4);
    std::vector<const CorpusFile*> chosen;
    for (size_t i = 0; i < files.size(); i += step) {
        chosen.push_back(&files[i]);
    }
    // Reading a compressed JSON Lines file to its end is most of the work (1.5 s for the
    // bench corpus, before any indexing can start), and files are read apart: share them out,
    // taking the samples back in the files' order.
    const size_t readers = threads > 1 ? std::min<size_t>(threads, chosen.size()) : 0;
    using Reader = std::function<std::vector<std::string>(const CorpusFile*)>;
    OrderedPool<const CorpusFile*, std::vector<std::string>, Reader> pool(
        readers, chosen.size(), [&]() -> Reader {
            return [&](const CorpusFile* file) {
                return sample_file(*file, per_file, per_document, part_bytes, max_whole_bytes);
            };
        });
    for (const CorpusFile* file : chosen) {
        pool.submit(file);
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < chosen.size(); ++i) {
        std::vector<std::string> samples = pool.next();  // rethrows a reader's failure
        std::move(samples.begin(), samples.end(), std::back_inserter(out));
    }
    return out;
}

}  // namespace tilde
