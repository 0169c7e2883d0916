// Signed bundles (core/signing.hpp, core/bundle_verify.hpp): keys, a bundle signed by key A verified
// with A trusted, the same bundle with a result edited and the manifest regenerated refused, a bundle
// signed by key B refused when only A is trusted, and the signature readable by `openssl` alone.
// Admission: --allow-unverified admits unsigned bundles only, never a bad signature, an unknown signer
// under trusted keys, or a signed bundle changed after signing.
#include "core/signing.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "core/bundle.hpp"
#include "core/bundle_verify.hpp"
#include "tests/core/bundle_fixtures.hpp"

namespace v6r::bundle {
namespace {

namespace fs = std::filesystem;

using fixtures::info;
using fixtures::result;

/// A temporary directory for this file's tests.
struct TempDir : fixtures::TempDir {
  TempDir() : fixtures::TempDir("v6r_sign") {}
};

fs::path signed_bundle(const fs::path& out, std::optional<sign::PrivateKey> key) {
  auto w = BundleWriter::create(out, info(), "name: commune-basic\nchecks: []\n");
  EXPECT_TRUE(w) << w.error();
  EXPECT_TRUE(w->append_result(result(1, Verdict::pass)));
  EXPECT_TRUE(w->append_result(result(2, Verdict::fail)));
  w->set_signing_key(std::move(key));
  auto done = w->finish(RunStatus::complete);
  EXPECT_TRUE(done) << done.error();
  return *done;
}

sign::PrivateKey load_key(const fs::path& dir) {
  auto k = sign::PrivateKey::load(dir / sign::kPrivateKeyFile);
  EXPECT_TRUE(k) << k.error();
  return *k;
}

/// A trust directory holding the public key of `keydir` only.
fs::path trust_dir(const fs::path& root, const fs::path& keydir) {
  const auto t = root / "trusted";
  fs::create_directories(t);
  fs::copy_file(keydir / sign::kPublicKeyFile, t / "probe-a.pub");
  return t;
}

int sh(const std::string& cmd) {
  return std::system(cmd.c_str());
}

TEST(Signing, KeygenWritesOwnerOnlyKeyAndRefusesToOverwrite) {
  TempDir d;
  const auto dir = d.path() / "keys";
  auto pub = sign::write_keypair(dir);
  ASSERT_TRUE(pub) << pub.error();
  struct stat st {};
  ASSERT_EQ(::stat((dir / sign::kPrivateKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir / sign::kPublicKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(load_key(dir).public_key(), *pub);
  EXPECT_EQ(pub->fingerprint().size(), 64u);
  auto again = sign::write_keypair(dir);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().find("already exists"), std::string::npos) << again.error();
  // A private key others may read is refused, like ssh does.
  ::chmod((dir / sign::kPrivateKeyFile).c_str(), 0640);
  auto loose = sign::PrivateKey::load(dir / sign::kPrivateKeyFile);
  ASSERT_FALSE(loose);
  EXPECT_NE(loose.error().find("chmod 600"), std::string::npos) << loose.error();
}

TEST(Signing, PrivateKeyOwnedByAnotherUserIsRefused) {
  TempDir d;
  const auto dir = d.path() / "keys";
  ASSERT_TRUE(sign::write_keypair(dir));
  const auto key = dir / sign::kPrivateKeyFile;
  ASSERT_TRUE(sign::PrivateKey::load(key)) << "the user's own 0600 key loads";
  // A key someone else owns is refused even with mode 0600 (whoever owns it can read or replace it).
  // As root the key is given to another user; any other user takes a root-owned file it may read.
  fs::path other = key;
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(key.c_str(), 65534, 65534), 0);
  } else {
    other = "/etc/passwd";
  }
  auto refused = sign::PrivateKey::load(other);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("owned by uid"), std::string::npos) << refused.error();
  EXPECT_NE(refused.error().find("not by the user running this"), std::string::npos) << refused.error();
}

TEST(Signing, PublicKeyParsingRefusesWhatIsNotAnEd25519Key) {
  EXPECT_FALSE(sign::parse_public_pem("not a key"));
  EXPECT_FALSE(sign::parse_public_pem(std::string(5000, 'A')));
  auto k = sign::PrivateKey::generate();
  ASSERT_TRUE(k);
  auto round = sign::parse_public_pem(k->public_key().pem());
  ASSERT_TRUE(round) << round.error();
  EXPECT_EQ(*round, k->public_key());
  const std::string msg = "hello";
  const std::span<const std::uint8_t> m(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size());
  auto sig = k->sign(m);
  EXPECT_TRUE(sign::verify(*round, m, sig));
  sig[0] ^= 1;
  EXPECT_FALSE(sign::verify(*round, m, sig));
}

TEST(Signing, BundleSignedByAVerifiesWithATrusted) {
  TempDir d;
  ASSERT_TRUE(sign::write_keypair(d.path() / "a"));
  const auto key = load_key(d.path() / "a");
  const auto dir = signed_bundle(d.path() / "out", key);
  EXPECT_TRUE(fs::is_regular_file(dir / kSignatureFile));
  EXPECT_EQ(fs::file_size(dir / kSignatureFile), sign::kSignatureBytes);
  // signer.pub is vouched for by the manifest; MANIFEST.sig is not listed in it.
  EXPECT_EQ(
      sh("cd '" + dir.string() + "' && grep -q '  signer.pub$' MANIFEST.sha256 && ! grep -q MANIFEST.sig " +
         "MANIFEST.sha256 && sha256sum --quiet --strict -c MANIFEST.sha256"),
      0);

  auto trusted = load_trusted_keys(trust_dir(d.path(), d.path() / "a").string());
  ASSERT_TRUE(trusted) << trusted.error();
  auto b = BundleReader::open(dir, OpenOptions{false, trusted->policy()});
  ASSERT_TRUE(b) << b.error().message;
  const auto& sig = b->verification().signature;
  EXPECT_EQ(sig.status, SignatureStatus::signed_trusted);
  EXPECT_EQ(sig.key_fingerprint, key.public_key().fingerprint());
  EXPECT_EQ(sig.summary(), "signed-by-" + key.public_key().fingerprint());
  EXPECT_TRUE(b->verification().verified());

  // No trusted keys configured: the signature is still checked, the key is reported as unknown.
  auto none = BundleReader::open(dir);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->verification().signature.status, SignatureStatus::unknown_key);

  // The signature as the auditor checks it, with openssl alone (docs/auditor-guide.md).
  if (sh("command -v openssl >/dev/null") == 0) {
    EXPECT_EQ(sh("cd '" + dir.string() +
                 "' && openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in MANIFEST.sha256 -sigfile "
                 "MANIFEST.sig >/dev/null"),
              0);
    EXPECT_EQ(
        sh("cd '" + dir.string() +
           "' && test \"$(openssl pkey -pubin -in signer.pub -outform DER | tail -c 32 | sha256sum | cut "
           "-d' ' -f1)\" = " +
           key.public_key().fingerprint()),
        0);
  }
}

// v6probe run sets the key on the writer and then moves the writer: the key must move with it (a
// moved-from key silently gave unsigned bundles).
TEST(Signing, MovedWriterStillSigns) {
  TempDir d;
  ASSERT_TRUE(sign::write_keypair(d.path() / "a"));
  auto w = BundleWriter::create(d.path() / "out", info(), "name: commune-basic\nchecks: []\n");
  ASSERT_TRUE(w) << w.error();
  w->set_signing_key(load_key(d.path() / "a"));
  BundleWriter moved(std::move(*w));
  ASSERT_TRUE(moved.append_result(result(1, Verdict::pass)));
  BundleWriter assigned = std::move(moved);
  auto again = BundleWriter::create(d.path() / "out2", info(), "name: x\nchecks: []\n");
  ASSERT_TRUE(again) << again.error();
  *again = std::move(assigned);
  auto done = again->finish(RunStatus::complete);
  ASSERT_TRUE(done) << done.error();
  EXPECT_TRUE(fs::is_regular_file(*done / kSignatureFile)) << "the moved writer lost its key";
  EXPECT_TRUE(fs::is_regular_file(*done / kSignerKeyFile));
}

TEST(Signing, EditedResultWithRegeneratedManifestIsRefused) {
  TempDir d;
  ASSERT_TRUE(sign::write_keypair(d.path() / "a"));
  const auto dir = signed_bundle(d.path() / "out", load_key(d.path() / "a"));
  // Turn the failing result into a pass and regenerate the manifest, as a forger with sha256sum would.
  ASSERT_EQ(
      sh("cd '" + dir.string() +
         "' && sed -i '2s/\"verdict\":\"fail\"/\"verdict\":\"pass\"/' results.jsonl && ! grep -q "
         "'\"verdict\":\"fail\"' results.jsonl && sha256sum $(ls | grep -v '^MANIFEST') > MANIFEST.sha256"),
      0);
  ASSERT_EQ(sh("cd '" + dir.string() + "' && sha256sum --quiet --strict -c MANIFEST.sha256"), 0);

  auto trusted = load_trusted_keys(trust_dir(d.path(), d.path() / "a").string());
  ASSERT_TRUE(trusted) << trusted.error();
  auto b = BundleReader::open(dir, OpenOptions{false, trusted->policy()});
  ASSERT_FALSE(b);
  EXPECT_TRUE(b.error().refused);
  ASSERT_TRUE(b.error().verification);
  EXPECT_EQ(b.error().verification->signature.status, SignatureStatus::bad_signature);
  EXPECT_TRUE(b.error().verification->files.ok()) << "the files match the regenerated manifest";
  EXPECT_TRUE(b.error().verification->vouched.empty()) << "a badly signed manifest vouches for nothing";
  // Without trusted keys too: a bad signature is never "unsigned".
  auto plain = BundleReader::open(dir);
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().verification->signature.status, SignatureStatus::bad_signature);
  // --allow-unverified never admits a bad signature, with or without trusted keys.
  for (const auto& policy : {trusted->policy(), TrustPolicy{}}) {
    auto forced = BundleReader::open(dir, OpenOptions{true, policy});
    ASSERT_FALSE(forced) << "a bad signature was admitted with --allow-unverified";
    EXPECT_TRUE(forced.error().refused);
    EXPECT_FALSE(forced.error().allow_unverified_admits);
  }
  // Removing MANIFEST.sig alone leaves signer.pub: a stripped signature is bad, not unsigned.
  fs::remove(dir / kSignatureFile);
  auto stripped = BundleReader::open(dir, OpenOptions{true, {}});
  ASSERT_FALSE(stripped);
  EXPECT_EQ(stripped.error().verification->signature.status, SignatureStatus::bad_signature);
  EXPECT_NE(stripped.error().message.find("signature was removed"), std::string::npos)
      << stripped.error().message;
  // Removing signer.pub too and regenerating the manifest makes an unsigned bundle: with trusted keys
  // configured it is refused, and --allow-unverified admits it, flagged unsigned and not verified.
  fs::remove(dir / kSignerKeyFile);
  ASSERT_EQ(sh("cd '" + dir.string() + "' && sha256sum $(ls | grep -v '^MANIFEST') > MANIFEST.sha256"), 0);
  auto bare = BundleReader::open(dir, OpenOptions{false, trusted->policy()});
  ASSERT_FALSE(bare);
  EXPECT_TRUE(bare.error().refused);
  EXPECT_TRUE(bare.error().allow_unverified_admits);
  EXPECT_EQ(bare.error().verification->signature.status, SignatureStatus::unsigned_bundle);
  EXPECT_TRUE(bare.error().verification->unsigned_refused);
  auto allowed = BundleReader::open(dir, OpenOptions{true, trusted->policy()});
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_EQ(allowed->verification().signature.status, SignatureStatus::unsigned_bundle);
  EXPECT_FALSE(allowed->verification().verified());
  ASSERT_EQ(allowed->verification().problems().size(), 1u);
  EXPECT_TRUE(allowed->verification().problems()[0].starts_with("unsigned: no MANIFEST.sig"))
      << allowed->verification().problems()[0];
  // No trusted keys configured: an unsigned bundle is admitted as it always was (flagged "unsigned").
  auto no_keys = BundleReader::open(dir);
  ASSERT_TRUE(no_keys) << no_keys.error().message;
  EXPECT_TRUE(no_keys->verification().verified());
  EXPECT_EQ(no_keys->verification().signature.status, SignatureStatus::unsigned_bundle);
}

TEST(Signing, SignedBundleChangedAfterSigningIsNeverAdmitted) {
  TempDir d;
  ASSERT_TRUE(sign::write_keypair(d.path() / "a"));
  const auto dir = signed_bundle(d.path() / "out", load_key(d.path() / "a"));
  auto trusted = load_trusted_keys(trust_dir(d.path(), d.path() / "a").string());
  ASSERT_TRUE(trusted) << trusted.error();
  // A result edited, the (signed) manifest left as it is: the signature is good, the files are not.
  ASSERT_EQ(sh("cd '" + dir.string() + "' && sed -i '2s/\"verdict\":\"fail\"/\"verdict\":\"pass\"/' " +
               "results.jsonl && ! grep -q '\"verdict\":\"fail\"' results.jsonl"),
            0);
  for (const auto& policy : {trusted->policy(), TrustPolicy{}}) {
    auto b = BundleReader::open(dir, OpenOptions{true, policy});
    ASSERT_FALSE(b) << "a signed bundle changed after signing was admitted with --allow-unverified";
    EXPECT_TRUE(b.error().refused);
    EXPECT_FALSE(b.error().allow_unverified_admits);
    const auto problems = b.error().verification->problems();
    EXPECT_NE(std::find(problems.begin(), problems.end(), "mismatched: results.jsonl"), problems.end());
    EXPECT_NE(std::find(problems.begin(), problems.end(), "signed bundle changed after it was signed"),
              problems.end());
  }
}

TEST(Signing, SignatureByAnotherKeyThanSignerPubIsBad) {
  TempDir d;
  ASSERT_TRUE(sign::write_keypair(d.path() / "a"));
  ASSERT_TRUE(sign::write_keypair(d.path() / "b"));
  const auto dir = signed_bundle(d.path() / "out", load_key(d.path() / "a"));
  // MANIFEST.sig made by key B over the same manifest; signer.pub still names key A (trusted).
  std::ifstream in(dir / kManifestFile, std::ios::binary);
  const std::string m((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto sig =
      load_key(d.path() / "b")
          .sign(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(m.data()), m.size()));
  std::ofstream(dir / kSignatureFile, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(sig.data()), static_cast<std::streamsize>(sig.size()));
  auto trusted = load_trusted_keys(trust_dir(d.path(), d.path() / "a").string());
  ASSERT_TRUE(trusted) << trusted.error();
  auto b = BundleReader::open(dir, OpenOptions{true, trusted->policy()});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().verification->signature.status, SignatureStatus::bad_signature);
  EXPECT_FALSE(b.error().allow_unverified_admits);
}

TEST(Signing, BundleSignedByBIsRefusedWhenOnlyAIsTrusted) {
  TempDir d;
  ASSERT_TRUE(sign::write_keypair(d.path() / "a"));
  ASSERT_TRUE(sign::write_keypair(d.path() / "b"));
  const auto kb = load_key(d.path() / "b");
  const auto dir = signed_bundle(d.path() / "out", kb);
  auto trusted = load_trusted_keys(trust_dir(d.path(), d.path() / "a").string());
  ASSERT_TRUE(trusted) << trusted.error();
  for (const bool allow : {false, true}) {
    auto b = BundleReader::open(dir, OpenOptions{allow, trusted->policy()});
    ASSERT_FALSE(b) << "unknown signer admitted, allow_unverified=" << allow;
    EXPECT_TRUE(b.error().refused);
    EXPECT_FALSE(b.error().allow_unverified_admits);
    EXPECT_EQ(b.error().verification->signature.status, SignatureStatus::unknown_key);
    EXPECT_EQ(b.error().verification->signature.key_fingerprint, kb.public_key().fingerprint());
    EXPECT_NE(b.error().message.find("unknown signer " + kb.public_key().fingerprint()), std::string::npos)
        << b.error().message;
  }
  // An empty trust directory is a trust directory: nobody is trusted, the signer is unknown.
  fs::create_directories(d.path() / "empty");
  auto none = load_trusted_keys((d.path() / "empty").string());
  ASSERT_TRUE(none) << none.error();
  auto e = BundleReader::open(dir, OpenOptions{false, none->policy()});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().verification->signature.status, SignatureStatus::unknown_key);
}

TEST(Signing, TrustDirectoryErrorsAreUsageErrors) {
  TempDir d;
  EXPECT_FALSE(load_trusted_keys((d.path() / "missing").string()));
  fs::create_directories(d.path() / "t");
  std::ofstream(d.path() / "t" / "junk.pub") << "not a key\n";
  auto bad = load_trusted_keys((d.path() / "t").string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("junk.pub"), std::string::npos) << bad.error();
}

}  // namespace
}  // namespace v6r::bundle
