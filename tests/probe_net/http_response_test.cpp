#include "probes/net/http_response.hpp"

#include <gtest/gtest.h>

#include "core/sha256.hpp"

namespace v6r::probe {
namespace {

using State = HttpResponseParser::State;

TEST(HttpResponse, ContentLength) {
  HttpResponseParser p;
  EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: nginx\r\n\r\nhel"), State::body);
  EXPECT_EQ(p.feed("loTRAILING"), State::done);
  EXPECT_EQ(p.head().status, 200);
  EXPECT_EQ(p.head().reason, "OK");
  EXPECT_EQ(p.head().header("server"), "nginx");
  EXPECT_EQ(p.body_size(), 5u);
  EXPECT_EQ(p.body_sha256(), sha256_hex(std::string_view("hello")));
}

TEST(HttpResponse, ChunkedByteByByte) {
  const std::string wire =
      "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n6\r\npedia "
      "\r\n0\r\nX-T: 1\r\n\r\n";
  HttpResponseParser p;
  for (char c : wire) p.feed(std::string_view(&c, 1));
  ASSERT_TRUE(p.done()) << p.error();
  EXPECT_EQ(p.head().status, 404);
  EXPECT_TRUE(p.chunked());
  EXPECT_EQ(p.body_size(), 10u);
  EXPECT_EQ(p.body_sha256(), sha256_hex(std::string_view("Wikipedia ")));
}

TEST(HttpResponse, CloseDelimited) {
  HttpResponseParser p;
  p.feed("HTTP/1.0 200 OK\r\n\r\nabc");
  EXPECT_EQ(p.state(), State::body);
  EXPECT_EQ(p.eof(), State::done);
  EXPECT_EQ(p.body_size(), 3u);
}

TEST(HttpResponse, NoBodyStatuses) {
  HttpResponseParser p;
  EXPECT_EQ(p.feed("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"), State::done);
  EXPECT_EQ(p.body_size(), 0u);
}

TEST(HttpResponse, Caps) {
  HttpResponseParser p(4);
  EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"), State::error);
  EXPECT_NE(p.error().find("exceeds cap"), std::string::npos);
  HttpResponseParser c(4);
  c.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\n");
  EXPECT_EQ(c.state(), State::error);
  HttpResponseParser d(4);
  d.feed("HTTP/1.1 200 OK\r\n\r\nabcdef");
  EXPECT_EQ(d.state(), State::error);
}

TEST(HttpResponse, Malformed) {
  EXPECT_EQ(HttpResponseParser().feed("SSH-2.0-OpenSSH\r\n"), State::error);
  EXPECT_EQ(HttpResponseParser().feed("HTTP/1.1 2x0 OK\r\n"), State::error);
  EXPECT_EQ(HttpResponseParser().feed("HTTP/1.1 200 OK\r\nno colon\r\n"), State::error);
  EXPECT_EQ(HttpResponseParser().feed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"), State::error);
  EXPECT_EQ(HttpResponseParser().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            State::error);
  EXPECT_EQ(HttpResponseParser().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), State::error);
  HttpResponseParser short_body;
  short_body.feed("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab");
  EXPECT_EQ(short_body.eof(), State::error);
  EXPECT_NE(short_body.error().find("incomplete"), std::string::npos);
  HttpResponseParser huge;
  EXPECT_EQ(huge.feed(std::string(70000, 'A')), State::error);
}

TEST(HttpResponse, HeadSplitAnywhere) {
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-A: b\r\n\r\nxyz";
  for (std::size_t cut = 1; cut < wire.size(); ++cut) {
    HttpResponseParser p;
    p.feed(std::string_view(wire).substr(0, cut));
    EXPECT_EQ(p.feed(std::string_view(wire).substr(cut)), State::done) << cut << ": " << p.error();
    EXPECT_EQ(p.body_sha256(), sha256_hex(std::string_view("xyz")));
    EXPECT_EQ(p.head().header("x-a"), "b");
  }
}

TEST(HttpResponse, HeadRequestAndInterim) {
  HttpResponseParser head(16, /*head_request=*/true);
  EXPECT_EQ(head.feed("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"), State::done);
  EXPECT_EQ(head.body_size(), 0u);
  HttpResponseParser gz_chunked;
  EXPECT_EQ(gz_chunked.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"),
            State::done);
  EXPECT_EQ(gz_chunked.body_size(), 1u);
}

TEST(HttpResponse, ErrorsQuoteNoResponseBytes) {
  HttpResponseParser p;
  EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nSECRETzz\r\n"), State::error);
  EXPECT_EQ(p.error().find("SECRET"), std::string::npos) << p.error();
  HttpResponseParser q;
  EXPECT_EQ(q.feed("SECRET-2.0\r\n\r\n"), State::error);
  EXPECT_EQ(q.error().find("SECRET"), std::string::npos) << q.error();
  HttpResponseParser closed;
  closed.feed("HTTP/1.1 200");
  EXPECT_EQ(closed.eof(), State::error);
  EXPECT_NE(closed.error().find("before the response head"), std::string::npos) << closed.error();
}

}  // namespace
}  // namespace v6r::probe
