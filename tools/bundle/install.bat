@echo off
rem Cai dat cchc-tui @@VERSION@@ khong can mang (xem HUONG-DAN.txt).
rem Tao moi truong ao .venv canh tep nay. Chay lai de nang cap: .venv duoc
rem tao lai, du lieu nam o %LOCALAPPDATA%\cchc-tui nen khong bi anh huong.
rem Tep nay chi dung chu ASCII va xuong dong CRLF de cmd.exe doc dung o moi
rem bang ma (code page).
setlocal EnableExtensions DisableDelayedExpansion
pushd "%~dp0" || goto :no_folder

rem Bam dup install.bat ngay trong tep .zip: Windows chi chep rieng tep nay
rem ra mot thu muc tam, khong co thu muc wheels ben canh.
if not exist "wheels\cchc_tui-*.whl" goto :not_extracted
set "HERE=%~dp0"
if not "%HERE:\AppData\Local\Temp\=%"=="%HERE%" goto :not_extracted

rem Khong hoi gi khi tim Python (Python install manager co the hoi cai them).
set "PYTHON_MANAGER_AUTOMATIC_INSTALL=false"
set "PYTHON_MANAGER_CONFIRM=false"

rem Chon mot Python duoc goi nay ho tro, ro rang theo phien ban; ban 64-bit truoc.
set "PY="
@@CHOOSE_PYTHON@@
if not defined PY goto :no_python

echo Dung Python: %PY%
%PY% -c "import sys; print('  ', sys.executable, sys.version.split()[0])" <nul
if exist ".venv\Scripts\python.exe" echo Da co ban cai truoc: cai lai ban moi, du lieu van giu nguyen.
%PY% -m venv --clear .venv
if not "%ERRORLEVEL%"=="0" goto :venv_failed

rem Chi dung cac tep trong thu muc wheels; bo qua moi cau hinh pip cua may.
set "PIP_CONFIG_FILE=nul"
".venv\Scripts\python.exe" -m pip --isolated --disable-pip-version-check install --no-index --find-links wheels --only-binary=:all: cchc-tui
if not "%ERRORLEVEL%"=="0" goto :pip_failed
".venv\Scripts\python.exe" -m cchc_tui --version
if not "%ERRORLEVEL%"=="0" goto :pip_failed

echo.
echo Da cai xong cchc-tui @@VERSION@@.
echo   Mo ung dung trong trinh duyet (nen dung tren Windows 10): bam dup chay-web.bat
echo   Mo ung dung trong cua so dong lenh: bam dup chay.bat
echo   Kiem tra cai dat: bam dup kiem-tra.bat
echo Du lieu nam o "%LOCALAPPDATA%\cchc-tui", khong nam trong thu muc nay.
popd
pause
exit /b 0

:try_python
rem Nhan lenh Python nay neu no chay duoc va phien ban-so bit nam trong ACCEPT.
%* -c "import sys, struct; v = sys.version_info; t = str(v[0]) + '.' + str(v[1]) + '-' + str(8 * struct.calcsize('P')); sys.exit(0 if t in '%ACCEPT%'.split() else 3)" <nul >nul 2>nul
if "%ERRORLEVEL%"=="0" set "PY=%*"
exit /b 0

:not_extracted
echo Hay giai nen (Extract All) truoc.
echo Tep install.bat dang chay ngay trong tep .zip hoac trong thu muc tam, khong co
echo thu muc "wheels" ben canh. Bam chuot phai vao tep .zip, chon "Extract All..."
echo (Giai nen tat ca), chon mot thu muc co dinh, vi du C:\cchc-tui, roi bam dup
echo install.bat trong thu muc vua giai nen.
goto :failed

:no_python
echo Khong tim thay Python phu hop tren may nay.
@@NEED_PYTHON@@
echo Bo cai mang theo bang USB: xem HUONG-DAN.txt, buoc 1. Khi cai, danh dau
echo "Add python.exe to PATH". Cai xong, dong cua so nay va bam dup lai install.bat.
echo.
echo Cac Python dang co tren may:
py --list-paths <nul 2>nul
python -c "import sys, struct; print(sys.executable, sys.version.split()[0], str(8 * struct.calcsize('P')) + '-bit')" <nul 2>nul
goto :failed

:venv_failed
echo Khong tao duoc moi truong ao .venv.
echo Neu cchc-tui dang mo (chay.bat, chay-web.bat), hay dong no roi chay lai install.bat.
echo Neu thu muc nay chi doc (CD, o mang), hay chep ca thu muc sang o dia cua may.
goto :failed

:pip_failed
echo Cai cac goi trong thu muc wheels khong thanh cong: doc thong bao phia tren.
echo Goi nay co the thieu tep cho phien ban Python dang dung; thu cai Python khac
echo theo HUONG-DAN.txt, hoac giai nen lai tep .zip.
goto :failed

:no_folder
echo Khong vao duoc thu muc chua install.bat.
goto :failed

:failed
echo.
echo Cai dat khong thanh cong.
popd 2>nul
pause
exit /b 1
