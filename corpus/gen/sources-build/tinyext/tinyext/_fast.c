/* _fast.c: the C extension of tinyext. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
fast_answer(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(41);
}

static PyMethodDef fast_methods[] = {
    {"answer", fast_answer, METH_NOARGS, "Return the answer."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fast_module = {
    PyModuleDef_HEAD_INIT, "_fast", "The fast half of tinyext.", -1, fast_methods
};

PyMODINIT_FUNC
PyInit__fast(void)
{
    return PyModule_Create(&fast_module);
}
