"""Pure analysis of images and text: no Flask, no database."""
