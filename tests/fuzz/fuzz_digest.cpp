/*
 * fuzz_digest.cpp
 *		libFuzzer target of the message digests (plugin/digest.cpp) and the
 *		hash mask built on them (column_mappers.cpp mask_hash_hex), checked
 *		against OpenSSL's libcrypto.
 *
 * Invariants: fed in arbitrary pieces, every algorithm gives OpenSSL's
 * digest of the whole; the V2 mask is the lowercase hex of digest(salt ‖
 * text) cut to the column length, and the V1 mask that of digest(salt ‖
 * Java's serialized String), whose bytes the harness builds itself in one
 * piece (stream header, TC_STRING/TC_LONGSTRING, modified UTF-8).
 *
 * Input: algorithm byte, cut points, salt length, then the data.
 */
#include <openssl/evp.h>

#include <string>
#include <vector>

#include "column_mappers.h"
#include "digest.h"
#include "fuzz_common.h"

using cdc::HashAlgorithm;
using cdc_fuzz::check;

namespace
{

const struct
{
	HashAlgorithm algorithm;
	const char *java_name;
	const EVP_MD *(*openssl)();
} kAlgorithms[] = {
	{HashAlgorithm::Md5, "md5", EVP_md5},			{HashAlgorithm::Sha1, "sha-1", EVP_sha1},
	{HashAlgorithm::Sha224, "Sha-224", EVP_sha224}, {HashAlgorithm::Sha256, "SHA-256", EVP_sha256},
	{HashAlgorithm::Sha384, "SHA-384", EVP_sha384}, {HashAlgorithm::Sha512, "sha-512", EVP_sha512},
};

/* OpenSSL's digest of 'data'. */
std::string
openssl_digest(const EVP_MD *md, const std::string &data)
{
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	check(EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) == 1, "EVP_Digest works");
	return std::string(reinterpret_cast<char *>(out), len);
}

/* Lowercase hex of bytes. */
std::string
hex(const std::string &bytes)
{
	static const char digits[] = "0123456789abcdef";
	std::string out;

	for (unsigned char c : bytes)
	{
		out += digits[c >> 4];
		out += digits[c & 0xF];
	}
	return out;
}

/* ObjectOutputStream's bytes of a String (after the stream header). */
std::string
java_serialized(const std::string &text)
{
	std::string utf;
	std::string out("\xAC\xED\x00\x05", 4);
	size_t pos = 0;
	uint32_t cp;

	while (pos < text.size())
	{
		if (!cdc_fuzz::utf8_next(text, &pos, &cp))
		{
			cp = 0xFFFD; /* Java's decoder: one replacement per bad byte */
			pos++;
		}
		std::vector<uint32_t> units;

		if (cp >= 0x10000)
			units = {0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF)};
		else
			units = {cp};
		for (uint32_t unit : units)
		{
			if (unit != 0 && unit < 0x80)
				utf += static_cast<char>(unit);
			else if (unit < 0x800)
			{
				utf += static_cast<char>(0xC0 | unit >> 6);
				utf += static_cast<char>(0x80 | (unit & 0x3F));
			}
			else
			{
				utf += static_cast<char>(0xE0 | unit >> 12);
				utf += static_cast<char>(0x80 | (unit >> 6 & 0x3F));
				utf += static_cast<char>(0x80 | (unit & 0x3F));
			}
		}
	}
	if (utf.size() <= 0xFFFF)
	{
		out += '\x74';
		out += static_cast<char>(utf.size() >> 8);
		out += static_cast<char>(utf.size());
	}
	else
	{
		out += '\x7C';
		for (int i = 7; i >= 0; i--)
			out += static_cast<char>(static_cast<uint64_t>(utf.size()) >> (8 * i));
	}
	return out + utf;
}

} /* namespace */

/* libFuzzer's entry point. */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdc_fuzz::Input in(data, size);
	const auto &alg = kAlgorithms[in.byte() % 6];
	size_t cuts[4];
	size_t salt_len = in.byte() % 32;
	int max_chars = static_cast<int>(in.range(0, 255)) - 64;
	bool make_utf8 = in.byte() & 1;

	for (size_t &cut : cuts)
		cut = static_cast<size_t>(in.range(0, 65535));

	std::string rest = in.rest();
	std::string salt = rest.substr(0, salt_len);
	std::string text = rest.substr(salt.size());

	/* the digest, fed in up to five pieces */
	cdc::Digest digest(alg.algorithm);
	uint8_t out[cdc::kMaxDigestLength];
	size_t done = 0;

	for (size_t cut : cuts)
	{
		size_t piece = text.empty() ? 0 : cut % (text.size() - done + 1);

		digest.update(text.data() + done, piece);
		done += piece;
	}
	digest.update(text.data() + done, text.size() - done);
	std::string ours(reinterpret_cast<char *>(out), digest.finish(out));

	check(ours == openssl_digest(alg.openssl(), text), "Digest equals OpenSSL's", alg.java_name);

	HashAlgorithm named;

	check(cdc::hash_algorithm_from_name(alg.java_name, &named) && named == alg.algorithm,
		  "Java names are found in any case");

	/* the masks */
	if (make_utf8)
		text = cdc_fuzz::utf8_from_bytes(text);
	for (bool v2 : {false, true})
	{
		char mask[2 * cdc::kMaxDigestLength];
		std::string got(mask, cdc::mask_hash_hex(alg.algorithm, v2, salt, text.data(), text.size(),
												 max_chars, mask));
		std::string want =
			hex(openssl_digest(alg.openssl(), salt + (v2 ? text : java_serialized(text))));

		if (max_chars > 0 && static_cast<size_t>(max_chars) < want.size())
			want.resize(static_cast<size_t>(max_chars));
		check(got == want,
			  v2 ? "V2 mask is hex(digest(salt || UTF-8))"
				 : "V1 mask is hex(digest(salt || serialized String))",
			  got + " " + want);
	}
	return 0;
}
