"""Write Product.wxi, the WiX include of an installer build, with a fresh ProductCode.

Like WiX's Product Id="*", each build draws a new ProductCode (uuid.uuid4()).
WHYDIFF_PRODUCT_CODE replays a value drawn earlier (the corpus records two).
"""
import os
import sys
import uuid

code = os.environ.get("WHYDIFF_PRODUCT_CODE") or str(uuid.uuid4()).upper()
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n')
    f.write("<Include>\n")
    f.write('  <?define ProductName = "TinyApp" ?>\n')
    f.write('  <?define ProductCode = "{%s}" ?>\n' % code)
    f.write("</Include>\n")
