// gzip/gzip_splice.h — turn a complete raw deflate stream into a piece that another
// can follow inside one gzip member, as zlib's sync flush would have ended it.
#pragma once
#include <vector>

namespace rb {

// deflate holds one complete raw deflate stream (RFC 1951), as libdeflate
// writes it. Clear the BFINAL bit of its last block and end it with an empty
// stored block, so it ends on a byte boundary and the stream goes on: pieces
// made so, joined in order and followed by a final block, are one deflate
// stream. Throws Error when the data is not a complete deflate stream.
void open_deflate_end(std::vector<unsigned char>& deflate);

}  // namespace rb
