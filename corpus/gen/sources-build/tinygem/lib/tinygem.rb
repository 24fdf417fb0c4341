# A tiny library.
module Tinygem
  ANSWER = 42
end
