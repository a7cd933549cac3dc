// A WASI program in C++ (libc++ for wasm32-wasi, exceptions off): the standard
// containers, strings, algorithms and iostreams; memory growth; a file in a
// pre-opened directory.
//
//   microwasm run --dir DIR main.wasm DIR [WORDS...]
//
// Writes DIR/cpp-words.txt (the words sorted, one per line), reads it back and
// prints what it read. Exits 0 when every check passed, 1 otherwise.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const std::string& what)
{
    std::cout << (ok ? "ok   " : "FAIL ") << what << '\n';
    if (!ok)
        ++failures;
}

// Grows the heap by allocating N blocks of 1 MiB (the linear memory starts at
// a few pages, so this needs memory.grow) and checks their contents.
std::size_t grow(std::size_t megabytes)
{
    std::vector<std::unique_ptr<unsigned char[]>> blocks;
    for (std::size_t i = 0; i < megabytes; ++i) {
        blocks.emplace_back(new unsigned char[1 << 20]);
        std::fill_n(blocks.back().get(), 1 << 20, static_cast<unsigned char>(i * 7 + 1));
    }
    std::size_t sum = 0;
    for (std::size_t i = 0; i < megabytes; ++i)
        sum += blocks[i][i * 4099 % (1 << 20)];
    return sum;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: main.wasm DIR [WORDS...]\n";
        return 2;
    }
    const std::string dir = argv[1];
    std::vector<std::string> words(argv + 2, argv + argc);
    if (words.empty())
        words = {"pear", "apple", "fig", "apple", "banana"};

    // containers and algorithms
    std::vector<std::string> sorted = words;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::map<std::string, int> counts;
    for (const auto& w : words)
        ++counts[w];
    std::unordered_map<std::size_t, std::vector<std::string>> byLength;
    for (const auto& w : sorted)
        byLength[w.size()].push_back(w);
    std::size_t letters = std::accumulate(words.begin(), words.end(), std::size_t{0},
                                          [](std::size_t n, const std::string& w) { return n + w.size(); });

    std::ostringstream joined;
    for (std::size_t i = 0; i < sorted.size(); ++i)
        joined << (i ? "," : "") << sorted[i];
    std::cout << "sorted: " << joined.str() << '\n';
    std::cout << "counts:";
    for (const auto& [word, n] : counts)
        std::cout << ' ' << word << '=' << n;
    std::cout << '\n';
    std::cout << "letters: " << letters << '\n';

    // strings
    std::string upper = joined.str();
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c); });
    std::cout << "upper: " << upper << '\n';
    check(upper.size() == joined.str().size() && upper.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos,
          "string transform and find");

    // memory growth: 8 MiB on a heap that starts below 1 MiB
    const std::size_t megabytes = 8;
    std::size_t expected = 0;
    for (std::size_t i = 0; i < megabytes; ++i)
        expected += static_cast<unsigned char>(i * 7 + 1);
    std::size_t sum = grow(megabytes);
    std::cout << "grew " << megabytes << " MiB, checksum " << sum << '\n';
    check(sum == expected, "memory growth");

    // a file in the pre-opened directory: write, then read back
    const std::string path = dir + "/cpp-words.txt";
    {
        std::ofstream out(path);
        for (const auto& w : sorted)
            out << w << '\n';
        check(static_cast<bool>(out), "write " + path);
    }
    std::ifstream in(path);
    std::vector<std::string> back;
    for (std::string line; std::getline(in, line);)
        back.push_back(line);
    std::cout << "read back " << back.size() << " lines\n";
    check(back == sorted, "read back what was written");

    // a file that is not there
    std::ifstream missing(dir + "/no-such-file.txt");
    check(!missing, "missing file fails to open");

    std::cout << (failures ? "FAILED" : "all checks passed") << std::endl;
    return failures ? 1 : 0;
}
