"""Helper types attached to images: ``Classes``, ``BoundingBoxes2D``, ``ImageMask``."""
