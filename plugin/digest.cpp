/*
 * digest.cpp
 *		Message digests as java.security.MessageDigest computes them: MD5
 *		(RFC 1321), SHA-1 and SHA-2 (FIPS 180-4), written out so the C++ zone
 *		needs no library and no allocation.
 */
#include "digest.h"

#include <cstring>

namespace cdc
{

namespace
{

/* First 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const uint32_t kSha256Rounds[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* First 64 bits of the fractional parts of the cube roots of the first 80 primes. */
const uint64_t kSha512Rounds[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

/* MD5's per-round shifts and constants (RFC 1321). */
const uint8_t kMd5Shifts[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
								5, 9,  14, 20, 5, 9,  14, 20, 5, 9,	 14, 20, 5, 9,	14, 20,
								4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
								6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
const uint32_t kMd5Rounds[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

/* Rotations. */
inline uint32_t
rotl32(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

inline uint32_t
rotr32(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

inline uint64_t
rotr64(uint64_t x, int n)
{
	return (x >> n) | (x << (64 - n));
}

/* Big- and little-endian loads. */
inline uint32_t
load_be32(const uint8_t *p)
{
	return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

inline uint32_t
load_le32(const uint8_t *p)
{
	return (uint32_t(p[3]) << 24) | (uint32_t(p[2]) << 16) | (uint32_t(p[1]) << 8) | p[0];
}

inline uint64_t
load_be64(const uint8_t *p)
{
	return (uint64_t(load_be32(p)) << 32) | load_be32(p + 4);
}

/* One 64-byte MD5 block. */
void
md5_block(uint32_t *h, const uint8_t *block)
{
	uint32_t m[16];
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];

	for (int i = 0; i < 16; i++)
		m[i] = load_le32(block + 4 * i);
	for (int i = 0; i < 64; i++)
	{
		uint32_t f;
		int g;

		if (i < 16)
		{
			f = (b & c) | (~b & d);
			g = i;
		}
		else if (i < 32)
		{
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
		}
		else if (i < 48)
		{
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		}
		else
		{
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		f += a + kMd5Rounds[i] + m[g];
		a = d;
		d = c;
		c = b;
		b += rotl32(f, kMd5Shifts[i]);
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

/* One 64-byte SHA-1 block. */
void
sha1_block(uint32_t *h, const uint8_t *block)
{
	uint32_t w[80];
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

	for (int i = 0; i < 16; i++)
		w[i] = load_be32(block + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = rotl32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++)
	{
		uint32_t f, k;

		if (i < 20)
		{
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		}
		else if (i < 40)
		{
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		}
		else if (i < 60)
		{
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		}
		else
		{
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t t = rotl32(a, 5) + f + e + k + w[i];

		e = d;
		d = c;
		c = rotl32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

/* One 64-byte SHA-256 (and SHA-224) block. */
void
sha256_block(uint32_t *h, const uint8_t *block)
{
	uint32_t w[64];
	uint32_t v[8];

	for (int i = 0; i < 16; i++)
		w[i] = load_be32(block + 4 * i);
	for (int i = 16; i < 64; i++)
	{
		uint32_t s0 = rotr32(w[i - 15], 7) ^ rotr32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = rotr32(w[i - 2], 17) ^ rotr32(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof(v));
	for (int i = 0; i < 64; i++)
	{
		uint32_t s1 = rotr32(v[4], 6) ^ rotr32(v[4], 11) ^ rotr32(v[4], 25);
		uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + s1 + ch + kSha256Rounds[i] + w[i];
		uint32_t s0 = rotr32(v[0], 2) ^ rotr32(v[0], 13) ^ rotr32(v[0], 22);
		uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		memmove(v + 1, v, 7 * sizeof(uint32_t));
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

/* One 128-byte SHA-512 (and SHA-384) block. */
void
sha512_block(uint64_t *h, const uint8_t *block)
{
	uint64_t w[80];
	uint64_t v[8];

	for (int i = 0; i < 16; i++)
		w[i] = load_be64(block + 8 * i);
	for (int i = 16; i < 80; i++)
	{
		uint64_t s0 = rotr64(w[i - 15], 1) ^ rotr64(w[i - 15], 8) ^ (w[i - 15] >> 7);
		uint64_t s1 = rotr64(w[i - 2], 19) ^ rotr64(w[i - 2], 61) ^ (w[i - 2] >> 6);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof(v));
	for (int i = 0; i < 80; i++)
	{
		uint64_t s1 = rotr64(v[4], 14) ^ rotr64(v[4], 18) ^ rotr64(v[4], 41);
		uint64_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint64_t t1 = v[7] + s1 + ch + kSha512Rounds[i] + w[i];
		uint64_t s0 = rotr64(v[0], 28) ^ rotr64(v[0], 34) ^ rotr64(v[0], 39);
		uint64_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		memmove(v + 1, v, 7 * sizeof(uint64_t));
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

/* ASCII case-insensitive equality. */
bool
same_ignoring_case(std::string_view a, std::string_view b)
{
	if (a.size() != b.size())
		return false;
	for (size_t i = 0; i < a.size(); i++)
	{
		char x = a[i], y = b[i];

		if (x >= 'a' && x <= 'z')
			x = static_cast<char>(x - 'a' + 'A');
		if (y >= 'a' && y <= 'z')
			y = static_cast<char>(y - 'a' + 'A');
		if (x != y)
			return false;
	}
	return true;
}

} /* namespace */

/* Java's standard names, compared as the JCA provider lookup does: ignoring case. */
bool
hash_algorithm_from_name(std::string_view name, HashAlgorithm *algorithm)
{
	static const struct
	{
		std::string_view name;
		HashAlgorithm algorithm;
	} names[] = {{"MD5", HashAlgorithm::Md5},		 {"SHA-1", HashAlgorithm::Sha1},
				 {"SHA-224", HashAlgorithm::Sha224}, {"SHA-256", HashAlgorithm::Sha256},
				 {"SHA-384", HashAlgorithm::Sha384}, {"SHA-512", HashAlgorithm::Sha512}};

	for (const auto &entry : names)
		if (same_ignoring_case(entry.name, name))
		{
			*algorithm = entry.algorithm;
			return true;
		}
	return false;
}

/* Sets the algorithm's initial hash value. */
Digest::Digest(HashAlgorithm algorithm)
	: algorithm_(algorithm), block_size_(64), buffered_(0), total_(0), h32_(), h64_(), block_()
{
	static const uint32_t md5_init[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
	static const uint32_t sha1_init[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
										  0xc3d2e1f0};
	static const uint32_t sha224_init[8] = {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
											0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};
	static const uint32_t sha256_init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
											0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	static const uint64_t sha384_init[8] = {
		0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL, 0x152fecd8f70e5939ULL,
		0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL, 0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL};
	static const uint64_t sha512_init[8] = {
		0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
		0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

	switch (algorithm)
	{
		case HashAlgorithm::Md5:
			memcpy(h32_, md5_init, sizeof(md5_init));
			break;
		case HashAlgorithm::Sha1:
			memcpy(h32_, sha1_init, sizeof(sha1_init));
			break;
		case HashAlgorithm::Sha224:
			memcpy(h32_, sha224_init, sizeof(sha224_init));
			break;
		case HashAlgorithm::Sha256:
			memcpy(h32_, sha256_init, sizeof(sha256_init));
			break;
		case HashAlgorithm::Sha384:
			memcpy(h64_, sha384_init, sizeof(sha384_init));
			block_size_ = 128;
			break;
		case HashAlgorithm::Sha512:
			memcpy(h64_, sha512_init, sizeof(sha512_init));
			block_size_ = 128;
			break;
	}
}

/* Runs the algorithm's compression function over one full block. */
void
Digest::compress(const uint8_t *block)
{
	switch (algorithm_)
	{
		case HashAlgorithm::Md5:
			md5_block(h32_, block);
			break;
		case HashAlgorithm::Sha1:
			sha1_block(h32_, block);
			break;
		case HashAlgorithm::Sha224:
		case HashAlgorithm::Sha256:
			sha256_block(h32_, block);
			break;
		case HashAlgorithm::Sha384:
		case HashAlgorithm::Sha512:
			sha512_block(h64_, block);
			break;
	}
}

/* Buffers input into blocks and compresses each full one. */
void
Digest::update(const void *data, size_t len)
{
	const uint8_t *p = static_cast<const uint8_t *>(data);

	total_ += len;
	while (len > 0)
	{
		size_t take = block_size_ - buffered_;

		if (take > len)
			take = len;
		memcpy(block_ + buffered_, p, take);
		buffered_ += take;
		p += take;
		len -= take;
		if (buffered_ == block_size_)
		{
			compress(block_);
			buffered_ = 0;
		}
	}
}

/*
 * Pads with 0x80, zeros and the message length in bits (little-endian for
 * MD5, big-endian otherwise, 16 bytes for the 128-byte-block algorithms) and
 * writes the digest.
 */
size_t
Digest::finish(uint8_t *out)
{
	uint64_t bits = total_ * 8;
	size_t length_bytes = block_size_ == 128 ? 16 : 8;
	uint8_t one = 0x80;
	uint8_t zero = 0;
	uint8_t length[16] = {0};
	size_t digest_len;

	update(&one, 1);
	while (buffered_ != block_size_ - length_bytes)
		update(&zero, 1);
	for (int i = 0; i < 8; i++)
	{
		uint8_t byte = static_cast<uint8_t>(bits >> (8 * i));

		if (algorithm_ == HashAlgorithm::Md5)
			length[i] = byte;
		else
			length[length_bytes - 1 - i] = byte;
	}
	update(length, length_bytes);

	switch (algorithm_)
	{
		case HashAlgorithm::Md5:
			for (int i = 0; i < 16; i++)
				out[i] = static_cast<uint8_t>(h32_[i / 4] >> (8 * (i % 4)));
			return 16;
		case HashAlgorithm::Sha1:
		case HashAlgorithm::Sha224:
		case HashAlgorithm::Sha256:
			digest_len = algorithm_ == HashAlgorithm::Sha1
							 ? 20
							 : (algorithm_ == HashAlgorithm::Sha224 ? 28 : 32);
			for (size_t i = 0; i < digest_len; i++)
				out[i] = static_cast<uint8_t>(h32_[i / 4] >> (24 - 8 * (i % 4)));
			return digest_len;
		case HashAlgorithm::Sha384:
		case HashAlgorithm::Sha512:
			digest_len = algorithm_ == HashAlgorithm::Sha384 ? 48 : 64;
			for (size_t i = 0; i < digest_len; i++)
				out[i] = static_cast<uint8_t>(h64_[i / 8] >> (56 - 8 * (i % 8)));
			return digest_len;
	}
	return 0;
}

} /* namespace cdc */
