Gem::Specification.new do |s|
  s.name = "tinygem"
  s.version = "1.0.0"
  s.summary = "A tiny gem for whydiff's corpus"
  s.authors = ["Whydiff Corpus"]
  s.files = ["lib/tinygem.rb", "README.md"]
  s.license = "MIT"
  s.metadata = { "source_code_uri" => "https://example.com/tinygem" }
  s.add_development_dependency "rake", ">= 13.0"
end
