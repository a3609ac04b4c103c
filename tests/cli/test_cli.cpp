// SPDX-License-Identifier: MIT
/// @file test_cli.cpp  tilde-index and tilde-search as a user runs them: output, errors, exit
/// codes.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "folding.hpp"
#include "schema.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::run_program;
using test::RunResult;
using test::write_file;

RunResult search(const fs::path& index, std::vector<std::string> args) {
    args.insert(args.begin(), {"--index", index.string()});
    return run_program("tilde-search", args);
}

json search_json(const fs::path& index, std::vector<std::string> args) {
    args.push_back("--json");
    RunResult run = search(index, args);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    return json::parse(run.out);
}

int line_count(const std::string& s) {
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

struct ErrorCase {
    std::vector<std::string> args;
    std::string message;
};

// Each case fails with exit 2 and one line "PROGRAM: error: ..." containing `message`.
void expect_one_line_errors(const std::string& program, const std::vector<ErrorCase>& cases) {
    for (const ErrorCase& c : cases) {
        SCOPED_TRACE(c.message);
        RunResult run = run_program(program, c.args);
        EXPECT_EQ(run.exit_code, 2);
        EXPECT_EQ(line_count(run.err), 1) << run.err;
        EXPECT_EQ(run.err.rfind(program + ": error: ", 0), 0u) << run.err;
        EXPECT_NE(run.err.find(c.message), std::string::npos) << run.err;
    }
}

TEST(SearchCli, FindsGuaidoTypedWithoutAccents) {
    RunResult run = search(test::sample_index(), {"guaido"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("Guaidó"), std::string::npos);
    EXPECT_EQ(run.out.find('\033'), std::string::npos) << "a pipe gets plain text";
    EXPECT_NE(run.out.find("passages match"), std::string::npos);
    EXPECT_EQ(run.err, "");
}

TEST(SearchCli, ColourOnlyWhenAskedOrOnATerminal) {
    RunResult always = search(test::sample_index(), {"--color", "always", "guaido"});
    EXPECT_NE(always.out.find("\033[1;31mGuaidó\033[0m"), std::string::npos) << always.out;
    RunResult no_color = run_program(
        "tilde-search", {"--index", test::sample_index().string(), "guaido"}, {{"NO_COLOR", "1"}});
    EXPECT_EQ(no_color.out.find('\033'), std::string::npos);
}

TEST(SearchCli, NothingFoundExitsOne) {
    RunResult run = search(test::sample_index(), {"zzzzqqqq"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.out.find("no passages match \"zzzzqqqq\""), std::string::npos);
}

TEST(SearchCli, ErrorsAreOneLineAndExitTwo) {
    const std::string index = test::sample_index().string();
    expect_one_line_errors(
        "tilde-search",
        {
            {{"--index", "/nonexistent/news.idx", "guaido"},
             "cannot open index '/nonexistent/news.idx'"},
            {{"guaido"}, "no index given: pass --index DIR"},
            {{"--index", index}, "no query given"},
            {{"--index", index, "--lang", "fr", "guaido"}, "unknown language 'fr'"},
            {{"--index", index, "--limit", "0", "guaido"}, "--limit: must be at least 1"},
            {{"--index", index, "--limit", "ten", "guaido"}, "--limit: 'ten' is not a number"},
            {{"--index", index, "--bogus", "guaido"}, "unknown option '--bogus'"},
            {{"--index", index, "-secret"}, "query \"-secret\" only excludes words"},
            {{"--index", index, "\""}, "query \"\"\" has no words"},
            {{"--index", index, "--color", "sometimes", "x"}, "--color: unknown value 'sometimes'"},
        });
}

TEST(SearchCli, EmptyFolderIsNotAnIndex) {
    test::TempDir dir;
    RunResult run = search(dir.path(), {"guaido"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("not a tilde index"), std::string::npos) << run.err;
}

TEST(SearchCli, IndexFromAnotherAnalyzerVersionAsksForReindex) {
    test::TempDir dir;
    fs::path index = dir.path() / "old.idx";
    ASSERT_EQ(run_program("tilde-index", {"--index", index.string(), test::corpus_dir().string()})
                  .exit_code,
              0);
    {
        Xapian::WritableDatabase db(index.string());
        db.set_metadata(std::string(kMetaAnalyzer), "es-en/0");
        db.commit();
    }
    RunResult run = search(index, {"guaido"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("rerun tilde-index"), std::string::npos) << run.err;
    RunResult add =
        run_program("tilde-index", {"--index", index.string(), test::corpus_dir().string()});
    EXPECT_EQ(add.exit_code, 2);
    EXPECT_NE(add.err.find("es-en/0"), std::string::npos) << add.err;
}

TEST(SearchCli, JsonFollowsTheSchema) {
    json answer = search_json(test::sample_index(), {"guaido", "--limit", "5"});
    EXPECT_EQ(answer["query"], "guaido");
    EXPECT_TRUE(answer["total"].is_number_integer());
    EXPECT_GE(answer["total"].get<int>(), 5);
    EXPECT_TRUE(answer["suggestion"].is_null());
    EXPECT_TRUE(answer["took_ms"].is_number());
    ASSERT_EQ(answer["results"].size(), 5u);
    int rank = 0;
    double last_score = 1e300;
    for (const json& hit : answer["results"]) {
        EXPECT_EQ(hit["rank"], ++rank);
        EXPECT_LE(hit["score"].get<double>(), last_score);
        last_score = hit["score"];
        for (const char* field : {"doc", "title", "text", "snippet"}) {
            EXPECT_TRUE(hit[field].is_string()) << field;
        }
        std::string text = hit["text"];
        EXPECT_GE(hit["passage"].get<int>(), 1);
        EXPECT_EQ(hit["end"].get<int>() - hit["start"].get<int>(), static_cast<int>(text.size()));
        // The passage range points into the document as stored in the corpus.
        std::string document =
            test::read_text_file(test::corpus_dir() / hit["doc"].get<std::string>());
        EXPECT_EQ(document.substr(hit["start"], text.size()), text);
        ASSERT_FALSE(hit["highlights"].empty());
        for (const json& range : hit["highlights"]) {
            size_t begin = range[0];
            size_t end = range[1];
            ASSERT_LE(end, text.size());
            EXPECT_EQ(fold_text(text.substr(begin, end - begin)), "guaido");
        }
    }
}

TEST(SearchCli, PagesAreSlicesOfOneRanking) {
    json all = search_json(test::sample_index(), {"Maduro military", "--limit", "6"});
    json page =
        search_json(test::sample_index(), {"Maduro military", "--limit", "3", "--offset", "3"});
    ASSERT_EQ(all["results"].size(), 6u);
    ASSERT_EQ(page["results"].size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(page["results"][i]["rank"], i + 4);
        EXPECT_EQ(page["results"][i]["text"], all["results"][i + 3]["text"]);
    }
}

TEST(SearchCli, AllWordsRankAboveSomeWords) {
    json answer = search_json(test::sample_index(), {"Cabello secret talks", "--limit", "20"});
    bool seen_partial = false;
    for (const json& hit : answer["results"]) {
        std::string folded = fold_text(hit["text"].get<std::string>());
        bool all = folded.find("cabello") != std::string::npos &&
                   folded.find("secret") != std::string::npos &&
                   folded.find("talk") != std::string::npos;
        if (!all) {
            seen_partial = true;
        } else {
            EXPECT_FALSE(seen_partial)
                << "a passage with every word ranked below one without: " << hit["text"];
        }
    }
    EXPECT_TRUE(seen_partial);
}

TEST(SearchCli, ExcludedWordsAndPhrasesAreLeftOut) {
    json answer =
        search_json(test::sample_index(), {"\"secret meetings\" -Bolton", "--limit", "50"});
    ASSERT_FALSE(answer["results"].empty());
    for (const json& hit : answer["results"]) {
        std::string text = hit["text"];
        EXPECT_EQ(text.find("Bolton"), std::string::npos) << text;
        EXPECT_NE(fold_text(text).find("secret meeting"), std::string::npos) << text;
    }
}

TEST(SearchCli, DashWordsOnTheCommandLineAreExclusions) {
    RunResult run = search(test::sample_index(), {"--json", "secret", "-Bolton", "-n5"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    json answer = json::parse(run.out);
    EXPECT_EQ(answer["query"], "secret -Bolton");
    EXPECT_EQ(answer["results"].size(), 5u);
    for (const json& hit : answer["results"]) {
        EXPECT_EQ(hit["text"].get<std::string>().find("Bolton"), std::string::npos);
    }
}

TEST(SearchCli, HugeQueriesAreCutToTheirDistinctWords) {
    std::string repeated;
    for (int i = 0; i < 15000; ++i) {
        repeated += "guaido ";  // ~100 KB: once took 19 s, one query branch per copy
    }
    json once = search_json(test::sample_index(), {"guaido"});
    json many = search_json(test::sample_index(), {repeated});
    EXPECT_EQ(many["total"], once["total"]);
    EXPECT_EQ(many["results"][0]["text"], once["results"][0]["text"]);
    std::string distinct;
    for (int i = 0; i < 20000; ++i) {
        distinct += "w" + std::to_string(i) + " ";
    }
    RunResult run = search(test::sample_index(), {distinct});
    EXPECT_EQ(run.exit_code, 1) << run.err;
}

TEST(SearchCli, StopwordOnlyQueryStillSearches) {
    RunResult run = search(test::sample_index(), {"the", "of"});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST(SearchCli, ExplainShowsEachTermsShare) {
    RunResult run =
        search(test::sample_index(), {"--explain", "--limit", "1", "Guaidó secret meetings"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_NE(run.out.find("why: stem:guaido="), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("exact:guaidó="), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("proximity="), std::string::npos) << run.out;
}

// Documents of both languages, with and without accents, in the formats tilde reads.
class MixedCorpus : public ::testing::Test {
  protected:
    void SetUp() override {
        corpus_ = dir_.path() / "corpus";
        write_file(corpus_ / "accented.txt", "Accented\n\nJuan Guaidó habló con los militares.");
        write_file(corpus_ / "plain.txt", "Plain\n\nJuan Guaido hablo con los militares ayer.");
        write_file(corpus_ / "page.html",
                   "<html><head><title>La declaraci&oacute;n</title></head><body>"
                   "<p>El gobierno public&oacute; una declaraci&oacute;n sobre las "
                   "categor&iacute;as de la ayuda.</p></body></html>");
        write_file(corpus_ / "news.jsonl",
                   "{\"id\": \"es-1\", \"title\": \"Declaraciones\", \"text\": \"Las declaraciones "
                   "del presidente fueron claras para todos los ciudadanos.\"}\n"
                   "{broken\n"
                   "{\"id\": \"en-1\", \"lang\": \"en\", \"title\": \"Statement\", \"text\": \"The "
                   "statement of the president was clear to all of the citizens.\"}\n");
        index_ = dir_.path() / "mixed.idx";
    }

    RunResult index(std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"--index", index_.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(corpus_.string());
        return run_program("tilde-index", args);
    }

    test::TempDir dir_;
    fs::path corpus_;
    fs::path index_;
};

TEST_F(MixedCorpus, ReportsBadLinesAndIndexesTheRest) {
    RunResult run = index();
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.err.find("tilde-index: warning: " + (corpus_ / "news.jsonl").string() +
                           ":2: not valid JSON"),
              std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("indexed 5 documents"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("skipped 1"), std::string::npos) << run.err;
    RunResult strict = index({"--strict"});
    EXPECT_EQ(strict.exit_code, 2);
}

TEST_F(MixedCorpus, ExactAccentsRankFirstButAreNeverRequired) {
    ASSERT_EQ(index().exit_code, 0);
    json accented = search_json(index_, {"Guaidó"});
    ASSERT_EQ(accented["results"].size(), 2u);
    EXPECT_EQ(accented["results"][0]["doc"], "accented.txt");
    json plain = search_json(index_, {"guaido"});
    EXPECT_EQ(plain["results"].size(), 2u);
}

TEST_F(MixedCorpus, SpanishStemsMatchWithOrWithoutAccents) {
    ASSERT_EQ(index().exit_code, 0);
    for (const char* query : {"declaración", "declaracion", "DECLARACIONES"}) {
        SCOPED_TRACE(query);
        // Translated, the English "declaration" would match too: stems alone here.
        json answer = search_json(index_, {"--no-translate", query});
        std::set<std::string> docs;
        for (const json& hit : answer["results"]) {
            docs.insert(hit["doc"]);
            EXPECT_EQ(hit["lang"], "es");
        }
        EXPECT_EQ(docs, (std::set<std::string>{"page.html", "es-1"}));
    }
    json html = search_json(index_, {"categorias"});
    ASSERT_EQ(html["results"].size(), 1u);
    EXPECT_EQ(html["results"][0]["title"], "La declaración");
    json english = search_json(index_, {"--no-translate", "statements"});
    ASSERT_EQ(english["results"].size(), 1u);
    EXPECT_EQ(english["results"][0]["doc"], "en-1");
    EXPECT_EQ(english["results"][0]["lang"], "en");
}

TEST_F(MixedCorpus, ReindexingReplacesInsteadOfDuplicating) {
    ASSERT_EQ(index().exit_code, 0);
    // Untranslated: "militares" would find "soldiers" too.
    int before = search_json(index_, {"--no-translate", "militares"})["total"];
    ASSERT_EQ(index().exit_code, 0);
    EXPECT_EQ(search_json(index_, {"--no-translate", "militares"})["total"], before);
    write_file(corpus_ / "plain.txt", "Plain\n\nNothing about soldiers any more.");
    ASSERT_EQ(index().exit_code, 0);
    EXPECT_EQ(search_json(index_, {"--no-translate", "militares"})["total"], before - 1);
    EXPECT_EQ(search_json(index_, {"soldiers"})["results"].size(), 1u);
}

TEST(IndexCli, TwoThreadsBuildTheSameIndex) {
    // --threads 2 analyzes the next part while the last is written; the index must not
    // differ. Tiny batches put commits between parts, and a repeated document exercises the
    // repeats' bookkeeping across the two threads.
    test::TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::copy(test::corpus_dir(), corpus);
    fs::copy_file(corpus / "004_926f802af591d6d1.txt", corpus / "005_copy.txt");
    std::vector<json> summaries;
    for (const char* threads : {"1", "2"}) {
        const fs::path index = dir.path() / (std::string("t") + threads + ".idx");
        RunResult run =
            run_program("tilde-index", {"--quiet", "--json", "--threads", threads, "--batch-mb",
                                        "0.005", "--index", index.string(), corpus.string()});
        ASSERT_EQ(run.exit_code, 0) << run.err;
        summaries.push_back(json::parse(run.out));
    }
    for (const char* field : {"documents", "passages", "index_passages"}) {
        EXPECT_EQ(summaries[0][field], summaries[1][field]) << field;
    }
    EXPECT_EQ(summaries[1]["threads"], 2);
    for (const char* query :
         {"guaido", "maduro military", "\"secret meetings\"", "venez*", "encrypted radios"}) {
        SCOPED_TRACE(query);
        json one = search_json(dir.path() / "t1.idx", {"--limit", "50", "--explain", query});
        json two = search_json(dir.path() / "t2.idx", {"--limit", "50", "--explain", query});
        one.erase("took_ms");
        two.erase("took_ms");
        EXPECT_EQ(one, two);
        EXPECT_FALSE(one["results"].empty());
    }
}

TEST(IndexCli, ErrorsAreOneLineAndExitTwo) {
    test::TempDir dir;
    const std::string index = (dir.path() / "x.idx").string();
    expect_one_line_errors(
        "tilde-index",
        {
            {{"--index", index, "/nonexistent/corpus"}, "cannot read '/nonexistent/corpus'"},
            {{"--index", index}, "nothing to index"},
            {{test::corpus_dir().string()}, "missing --index"},
            {{"--index", index, "--lang", "fr", test::corpus_dir().string()},
             "unknown language 'fr'"},
        });
}

}  // namespace
}  // namespace tilde
