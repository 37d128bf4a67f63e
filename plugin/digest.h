/*
 * digest.h
 *		Message digests (MD5, SHA-1, SHA-2) as java.security.MessageDigest
 *		computes them, for the hash masks and name-based UUIDs.
 *
 * C++ zone: no server header, no allocation.
 */
#ifndef CDC_DIGEST_H
#define CDC_DIGEST_H

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cdc
{

/* The MessageDigest algorithms the hash masks accept. */
enum class HashAlgorithm : uint8_t
{
	Md5,
	Sha1,
	Sha224,
	Sha256,
	Sha384,
	Sha512
};

/* The longest digest (SHA-512), in bytes. */
constexpr size_t kMaxDigestLength = 64;

/*
 * The algorithm a Java MessageDigest name stands for ("MD5", "SHA-1",
 * "SHA-224", "SHA-256", "SHA-384", "SHA-512", any case).  False for others.
 */
bool hash_algorithm_from_name(std::string_view name, HashAlgorithm *algorithm);

/* Those names, for messages that say what is allowed. */
constexpr std::string_view kHashAlgorithmNames = "MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512";

/*
 * An incremental message digest, as java.security.MessageDigest: update()
 * any number of times, then finish() once.  Trivially destructible.
 */
class Digest
{
  public:
	explicit Digest(HashAlgorithm algorithm);

	void update(const void *data, size_t len);

	/* Writes the digest to 'out' and returns its length in bytes. */
	size_t finish(uint8_t *out);

  private:
	void compress(const uint8_t *block);

	HashAlgorithm algorithm_;
	size_t block_size_;
	size_t buffered_;
	uint64_t total_;
	uint32_t h32_[8];
	uint64_t h64_[8];
	uint8_t block_[128];
};

} /* namespace cdc */

#endif /* CDC_DIGEST_H */
