Gem::Specification.new do |s|
  s.name = "tinygem"
  s.version = "1.0.0"
  s.summary = "A tiny gem for whydiff's corpus"
  s.authors = ["Whydiff Corpus"]
  s.files = ["lib/tinygem.rb", "README.md"]
  s.license = "MIT"
  s.metadata = { "source_code_uri" => "https://example.com/tinygem" }
  s.add_development_dependency "rake", ">= 13.0"
  # A signed build (the gem-signed-* pairs): key and certificate named by the environment.
  if ENV["WHYDIFF_GEM_KEY"]
    s.signing_key = ENV["WHYDIFF_GEM_KEY"]
    s.cert_chain = [ENV["WHYDIFF_GEM_CERT"]]
  end
end
