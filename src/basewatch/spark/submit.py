"""Entry file for ``spark-submit``: the same job as ``basewatch spark``, with the cluster's master.

    spark-submit --master yarn "$(python -c 'import basewatch.spark.submit as m; print(m.__file__)')" \\
        hdfs:///crawl/2024/*.warc.gz --out hdfs:///basewatch/out
"""

from __future__ import annotations

import sys

from basewatch.cli import main

if __name__ == "__main__":
    sys.argv = [sys.argv[0], "spark", *sys.argv[1:]]
    main()
