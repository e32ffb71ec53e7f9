//===- SourceFiles.cpp ----------------------------------------------------===//
#include "SourceFiles.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"
#include <cstdint>
#include <map>

namespace drvcert {

SourceFiles::Entry &SourceFiles::get(llvm::StringRef Path) {
  auto It = Files.find(Path);
  if (It != Files.end())
    return It->getValue();
  Entry E;
  if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false)) {
    E.Buf = std::move(*Buf);
    llvm::StringRef T = E.Buf->getBuffer();
    E.LineStarts.push_back(0);
    for (size_t I = 0; I < T.size(); ++I)
      if (T[I] == '\n')
        E.LineStarts.push_back(I + 1);
  }
  return Files[Path] = std::move(E);
}

llvm::StringRef SourceFiles::text(llvm::StringRef Path) {
  Entry &E = get(Path);
  return E.Buf ? E.Buf->getBuffer() : llvm::StringRef();
}

llvm::StringRef SourceFiles::line(llvm::StringRef Path, unsigned N) {
  Entry &E = get(Path);
  if (!E.Buf || N == 0 || N > E.LineStarts.size())
    return "";
  llvm::StringRef T = E.Buf->getBuffer();
  size_t B = E.LineStarts[N - 1];
  size_t End = N < E.LineStarts.size() ? E.LineStarts[N] : T.size();
  return T.slice(B, End).rtrim("\r\n");
}

unsigned utf16Column(llvm::StringRef Line, unsigned ByteColumn) {
  unsigned Units = 0;
  for (size_t I = 0; I + 1 < ByteColumn && I < Line.size(); ++I) {
    unsigned char C = Line[I];
    if ((C & 0xC0) == 0x80)
      continue; // continuation byte
    Units += C >= 0xF0 ? 2 : 1;
  }
  if (ByteColumn > Line.size() + 1)
    Units += ByteColumn - 1 - Line.size();
  return Units + 1;
}

namespace {
/// Decodes UTF-8 into UTF-16 code units, as JavaScript strings hold them.
std::vector<uint32_t> utf16Units(llvm::StringRef S) {
  std::vector<uint32_t> Out;
  for (size_t I = 0; I < S.size();) {
    unsigned char C = S[I];
    uint32_t CP;
    size_t Len;
    if (C < 0x80) {
      CP = C;
      Len = 1;
    } else if ((C & 0xE0) == 0xC0 && I + 1 < S.size()) {
      CP = ((C & 0x1F) << 6) | (S[I + 1] & 0x3F);
      Len = 2;
    } else if ((C & 0xF0) == 0xE0 && I + 2 < S.size()) {
      CP = ((C & 0x0F) << 12) | ((S[I + 1] & 0x3F) << 6) | (S[I + 2] & 0x3F);
      Len = 3;
    } else if ((C & 0xF8) == 0xF0 && I + 3 < S.size()) {
      CP = ((C & 0x07) << 18) | ((S[I + 1] & 0x3F) << 12) |
           ((S[I + 2] & 0x3F) << 6) | (S[I + 3] & 0x3F);
      Len = 4;
    } else {
      CP = 0xFFFD;
      Len = 1;
    }
    if (CP >= 0x10000) {
      CP -= 0x10000;
      Out.push_back(0xD800 + (CP >> 10));
      Out.push_back(0xDC00 + (CP & 0x3FF));
    } else {
      Out.push_back(CP);
    }
    I += Len;
  }
  return Out;
}
} // namespace

std::string primaryLocationLineHash(llvm::StringRef Text, unsigned Line) {
  // A port of hash() in github/codeql-action src/fingerprints.ts: a rolling
  // hash (base 37, 64-bit wrapping) over a window of 100 characters, skipping
  // spaces, tabs and the LF of a CRLF; the value emitted for a line is the
  // hash of the window that starts at the line's first character.
  constexpr unsigned BlockSize = 100;
  constexpr uint64_t Mod = 37;
  constexpr uint32_t Eof = 65535;
  uint64_t FirstMod = 1;
  for (unsigned I = 0; I < BlockSize; ++I)
    FirstMod *= Mod;
  uint32_t Window[BlockSize] = {};
  int64_t LineNumbers[BlockSize];
  for (int64_t &L : LineNumbers)
    L = -1;
  uint64_t Hash = 0;
  unsigned Index = 0;
  int64_t LineNumber = 1; // 1-based, as the callback reports them
  bool LineStart = true, PrevCR = false;
  std::map<std::string, unsigned> Counts;
  std::string Result;

  auto Output = [&] {
    std::string H = llvm::utohexstr(Hash, /*LowerCase=*/true);
    unsigned N = ++Counts[H];
    if (LineNumbers[Index] == int64_t(Line))
      Result = H + ":" + std::to_string(N);
    LineNumbers[Index] = -1;
  };
  auto Update = [&](uint32_t Current) {
    uint32_t Begin = Window[Index];
    Window[Index] = Current;
    Hash = Mod * Hash + Current - FirstMod * Begin;
    Index = (Index + 1) % BlockSize;
  };
  auto Process = [&](uint32_t Current) {
    if (Current == ' ' || Current == '\t' || (PrevCR && Current == '\n')) {
      PrevCR = false;
      return;
    }
    if (Current == '\r') {
      Current = '\n';
      PrevCR = true;
    } else {
      PrevCR = false;
    }
    if (LineNumbers[Index] != -1)
      Output();
    if (LineStart) {
      LineStart = false;
      LineNumbers[Index] = LineNumber++;
    }
    if (Current == '\n')
      LineStart = true;
    Update(Current);
  };
  for (uint32_t Current : utf16Units(Text))
    Process(Current);
  // End of file: one EOF character (so a file ending in a newline has a
  // last, empty line with a hash of its own), then zeros flush the window.
  Process(Eof);
  for (unsigned I = 0; I < BlockSize; ++I) {
    if (LineNumbers[Index] != -1)
      Output();
    Update(0);
  }
  return Result;
}

std::string drvcertFingerprint(llvm::StringRef RuleId, llvm::StringRef RelPath,
                               llvm::StringRef Function,
                               llvm::StringRef SinkCode, unsigned Occurrence) {
  llvm::SHA256 H;
  for (llvm::StringRef Part : {RuleId, RelPath, Function, SinkCode}) {
    H.update(Part);
    H.update(llvm::StringRef("\0", 1));
  }
  auto Digest = H.final();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest.data(), 16),
                     /*LowerCase=*/true) +
         ":" + std::to_string(Occurrence);
}

} // namespace drvcert
