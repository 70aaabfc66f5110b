node -e 'const cfg = JSON.parse(process.argv[1]); console.log(cfg.port.toFixed(0))' '{"host":"x"}'
