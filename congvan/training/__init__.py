"""Training and comparison of the small task model (issue 14).

``data``     gold labels + the project's own reader and layout → labelled units
``build``    units → spaCy DocBins (``python -m congvan.training.build``)
``train``    ``make train``: build, ``spacy train`` with ``config.cfg``, copy into package data
``compare``  rules alone / model alone / hybrid, scored by split with ``congvan.evaluation``

The runtime (loading the shipped model, the hybrid decision) is ``congvan.extractors.task_model``.
Nothing here is imported by the pipeline.
"""
