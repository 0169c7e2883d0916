// service.tls helpers over certificates made in memory with OpenSSL: names, expiry, coverage, and
// judge() (expired, expiring soon, name not covered, verification off), and a ca_file that cannot be
// loaded (refused before anything is sent).
#include <gmock/gmock.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <ctime>
#include <memory>

#include "probes/checks/service_tls_session.hpp"

namespace v6r::probe::tls {
namespace {

using ::testing::HasSubstr;

struct CertDeleter {
  void operator()(X509* x) const { X509_free(x); }
};
using CertPtr = std::unique_ptr<X509, CertDeleter>;

/// A self-signed certificate for CN `cn` with SAN `san`, valid from now-1d for `days`.
CertPtr make_cert(const std::string& cn, const std::string& san, long days) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  CertPtr x(X509_new());
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -86400);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), days * 86400);
  X509_set_pubkey(x.get(), key);
  X509_NAME* n = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(x.get(), n);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.c_str());
  X509_add_ext(x.get(), ext, -1);
  X509_EXTENSION_free(ext);
  X509_sign(x.get(), key, EVP_sha256());
  EVP_PKEY_free(key);
  return x;
}

TEST(TlsCert, InfoNamesAndExpiry) {
  auto x = make_cert("dual.lab.test", "DNS:dual.lab.test,DNS:*.lab.test,IP:2001:db8:20::11", 90);
  const CertInfo c = cert_info(x.get());
  EXPECT_EQ(c.common_name, "dual.lab.test");
  EXPECT_EQ(c.subject, "CN=dual.lab.test");
  EXPECT_TRUE(c.self_signed);
  EXPECT_EQ(c.dns_names, (std::vector<std::string>{"dual.lab.test", "*.lab.test"}));
  EXPECT_EQ(c.ip_names, (std::vector<std::string>{"2001:db8:20::11"}));
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  EXPECT_GE(days_left(c, now), 89);  // 90 days, minus the seconds gone if a second ticked
  EXPECT_LE(days_left(c, now), 90);
  EXPECT_EQ(days_left(c, c.not_after_epoch + 1), -1);
  EXPECT_THAT(c.not_after_utc, ::testing::EndsWith("Z"));
  EXPECT_TRUE(covers(x.get(), "dual.lab.test"));
  EXPECT_TRUE(covers(x.get(), "v6only.lab.test"));  // wildcard
  EXPECT_FALSE(covers(x.get(), "a.b.lab.test"));
  EXPECT_TRUE(covers(x.get(), "2001:db8:20::11"));
  EXPECT_FALSE(covers(x.get(), "example.org"));
}

Session session_with(CertPtr& x, const std::string& host, long verify_result) {
  Session s;
  s.connected = s.handshake_ok = true;
  s.version = "TLSv1.3";
  s.cipher = "TLS_AES_128_GCM_SHA256";
  s.cert = cert_info(x.get());
  s.name_covered = covers(x.get(), host);
  s.verify_result = verify_result;
  s.verify_error = verify_result ? "self-signed certificate" : "ok";
  return s;
}

TEST(TlsJudge, Mapping) {
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  Options opt;
  opt.verify_host = "dual.lab.test";
  auto good = make_cert("dual.lab.test", "DNS:dual.lab.test", 365);
  EXPECT_EQ(judge(session_with(good, "dual.lab.test", 0), opt, now, 30).verdict, Verdict::pass);

  auto soon = make_cert("dual.lab.test", "DNS:dual.lab.test", 10);
  const auto w = judge(session_with(soon, "dual.lab.test", 0), opt, now, 30);
  EXPECT_EQ(w.verdict, Verdict::warn);
  EXPECT_THAT(english(w.reason), ::testing::ContainsRegex("expires in (9|10) days"));

  auto expired = make_cert("dual.lab.test", "DNS:dual.lab.test", -2);
  opt.verify = false;
  const auto e = judge(session_with(expired, "dual.lab.test", 10), opt, now, 30);
  EXPECT_EQ(e.verdict, Verdict::fail);  // expired fails even with verification off
  EXPECT_EQ(e.rfc, "RFC 5280 §4.1.2.5");

  opt.verify = true;
  auto other = make_cert("other.test", "DNS:other.test", 365);
  const auto n = judge(session_with(other, "dual.lab.test", 0), opt, now, 30);
  EXPECT_EQ(n.verdict, Verdict::fail);
  EXPECT_EQ(n.rfc, "RFC 6125 §6.4");

  const auto chain = judge(session_with(good, "dual.lab.test", 18), opt, now, 30);
  EXPECT_EQ(chain.verdict, Verdict::fail);
  EXPECT_THAT(english(chain.reason), HasSubstr("self-signed"));

  // verify: false goes on past a chain that does not verify, but loudly: warn, never a quiet pass.
  opt.verify = false;
  const auto off = judge(session_with(good, "dual.lab.test", 18), opt, now, 30);
  EXPECT_EQ(off.verdict, Verdict::warn);
  EXPECT_THAT(english(off.reason), HasSubstr("CERTIFICATE NOT VERIFIED"));
  EXPECT_THAT(english(off.reason), HasSubstr("self-signed"));
  EXPECT_EQ(off.rfc, "RFC 5280 §6");
  const auto off_name = judge(session_with(other, "dual.lab.test", 0), opt, now, 30);
  EXPECT_EQ(off_name.verdict, Verdict::warn);
  EXPECT_THAT(english(off_name.reason), HasSubstr("does not cover dual.lab.test"));
  EXPECT_EQ(off_name.rfc, "RFC 6125 §6.4");
  // ...and when verification would have passed anyway, off changes nothing but the wording.
  const auto off_ok = judge(session_with(good, "dual.lab.test", 0), opt, now, 30);
  EXPECT_EQ(off_ok.verdict, Verdict::pass);
  EXPECT_THAT(english(off_ok.reason), HasSubstr("it would have passed"));
  opt.verify = true;

  Session unset;
  unset.setup_error = "cannot load ca_file /nonexistent.pem (a PEM file of CA certificates): ...";
  EXPECT_EQ(judge(unset, opt, now, 30).verdict, Verdict::error);

  Session old = session_with(good, "dual.lab.test", 0);
  old.version = "TLSv1.2";
  opt.min_version = Version::tls1_3;
  EXPECT_EQ(judge(old, opt, now, 30).verdict, Verdict::fail);

  Session hs;
  hs.connected = true;
  hs.error = "TLS handshake with [2001:db8:20::11]:443: wrong version number";
  EXPECT_EQ(judge(hs, opt, now, 30).verdict, Verdict::fail);
}

TEST(TlsHandshake, UnloadableCaFileIsRefusedBeforeConnecting) {
  boost::asio::io_context io;
  Options opt;
  opt.ca_file = "/nonexistent/v6ready-test-ca.pem";
  const Endpoint nowhere{boost::asio::ip::make_address("::1"), 9};
  auto fut = boost::asio::co_spawn(io, handshake(nowhere, true, opt, std::nullopt, Millis{2000}),
                                   boost::asio::use_future);
  io.run();
  const Session s = fut.get();
  EXPECT_FALSE(s.connected);
  EXPECT_THAT(s.setup_error, HasSubstr("cannot load ca_file /nonexistent/v6ready-test-ca.pem"));
}

}  // namespace
}  // namespace v6r::probe::tls
