// A tiny library.
module.exports = { answer: 42 };
