// Package html reads web pages: it finds the article's main content (the <article>, an
// itemprop=articleBody element, <main>, or else the element densest in paragraph text), turns
// its paragraphs, headings, list items and quotes into blocks, figcaptions, image alt/title
// and video titles into caption blocks, recognises bylines and credits, and leaves out scripts,
// styles, JSON-LD, navigation, headers and footers, asides, forms and comment sections. Page
// leftovers inside the article ("2 View gallery", player notices) are boilerplate.
//
// A block keeps where each of its characters and inline tags (<a>, <em>, <br>…) lies in the
// input, so the pipeline can send a sentence with its tags as opaque placeholders (package
// inline), and Merge writes the page back by splicing byte ranges of the original: entities,
// whitespace and markup outside the translated text survive byte for byte, and with nothing
// translated the output is the input.
//
// A declared charset (<meta charset>, http-equiv Content-Type) is honoured: the page is decoded
// to UTF-8 for reading and merged output is encoded back to it.
package html
